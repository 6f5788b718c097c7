import * as vscode from 'vscode';

/** Options for any Attention Lens webview: scripts on, resources only from dist/ and media/. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** The webview page: strict CSP, one nonce'd script, one stylesheet, both from dist/. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  // Web Crypto (a global in Node 20): loading node:crypto at activation cost a few ms (benchmark p5)
  const nonce = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Attention Lens</title>
</head>
<body>
<div id="app"><p class="loading">Loading Attention Lens…</p></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
