// Reads JSON-string lines on stdin, prints a JSON array of id arrays.
// Used by the Python training code so both sides share one tokenizer.
const path = require('path');
const { Tokenizer } = require(path.join(__dirname, '../../node_modules/tokenizers'));

async function main() {
  const tok = Tokenizer.fromFile(process.argv[2]);
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  const lines = Buffer.concat(chunks).toString('utf8').split('\n').filter((l) => l.length).map((l) => JSON.parse(l));
  const out = [];
  const B = 512;
  for (let i = 0; i < lines.length; i += B) {
    const encs = await tok.encodeBatch(lines.slice(i, i + B), { addSpecialTokens: false });
    for (const e of encs) out.push(Array.from(e.getIds()));
  }
  process.stdout.write(JSON.stringify(out));
}
main().catch((e) => { console.error(e); process.exit(1); });
