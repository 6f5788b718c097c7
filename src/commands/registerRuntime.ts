// Everything that runs models in the extension: Translate / Continue Selection, Select Model,
// the status bar item and the preview documents. One call from activate().
import * as path from 'path';
import * as vscode from 'vscode';
import { ModelService } from '../modelService';
import { registerPreviewProvider } from '../output';
import { registerStatusBar } from '../statusBar';
import { registerGenerateCommands } from './generateSelection';
import { registerSelectModel } from './selectModel';

export function registerRuntime(context: vscode.ExtensionContext): ModelService {
  const models = new ModelService(path.join(context.extensionPath, 'models'));
  context.subscriptions.push(models);
  registerPreviewProvider(context);
  registerStatusBar(context, models);
  registerGenerateCommands(context, models);
  registerSelectModel(context, models);
  return models;
}
