// Renders docs/guia-de-usuario.md into one self-contained HTML file (images inlined) that the app
// serves for download: public/guia/guia-de-usuario.html. Run after editing the guide or retaking its
// screenshots:  node docs/tools/render-guide.mjs      (--check: fail when the HTML is out of date)
//
// The guide uses a small Markdown subset — headings, paragraphs, "-" and "1." lists, pipe tables,
// images on their own line, **bold** and `code` — so this converter covers exactly that instead of
// adding a Markdown dependency to the project for one document.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const source = path.join(root, 'docs', 'guia-de-usuario.md');
const target = path.join(root, 'public', 'guia', 'guia-de-usuario.html');

const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const inline = (s) =>
  escape(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');

function image(alt, src) {
  const file = path.join(root, 'docs', src);
  const data = fs.readFileSync(file).toString('base64');
  return `<figure><img alt="${escape(alt)}" src="data:image/png;base64,${data}"><figcaption>${inline(alt)}</figcaption></figure>`;
}

export function render(markdown) {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const html = [];
  let i = 0;
  const isBlockStart = (l) => /^(#{1,3} |- |\d+\. |\||!\[)/.test(l) || l.trim() === '';
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') { i++; continue; }
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    if (heading) {
      const level = heading[1].length;
      const id = heading[2].toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
      html.push(`<h${level} id="${id}">${inline(heading[2])}</h${level}>`);
      i++;
      continue;
    }
    const img = /^!\[([^\]]*)\]\(([^)]+)\)\s*$/.exec(line);
    if (img) { html.push(image(img[1], img[2])); i++; continue; }
    if (line.startsWith('|')) {
      const rows = [];
      while (i < lines.length && lines[i].startsWith('|')) rows.push(lines[i++]);
      const cells = (r) => r.replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
      const [head, , ...body] = rows;
      html.push(
        `<table><thead><tr>${cells(head).map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead><tbody>` +
          body.map((r) => `<tr>${cells(r).map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('') +
          '</tbody></table>',
      );
      continue;
    }
    const list = /^(- |\d+\. )/.exec(line);
    if (list) {
      const ordered = list[1] !== '- ';
      const items = [];
      while (i < lines.length && /^(- |\d+\. )/.test(lines[i])) {
        let text = lines[i++].replace(/^(- |\d+\. )/, '');
        while (i < lines.length && /^ {2,}\S/.test(lines[i])) text += ' ' + lines[i++].trim();
        items.push(`<li>${inline(text)}</li>`);
      }
      html.push(`<${ordered ? 'ol' : 'ul'}>${items.join('')}</${ordered ? 'ol' : 'ul'}>`);
      continue;
    }
    let text = line.trim();
    i++;
    while (i < lines.length && !isBlockStart(lines[i])) text += ' ' + lines[i++].trim();
    html.push(`<p>${inline(text)}</p>`);
  }
  return html.join('\n');
}

const STYLE = `
  body { font: 16px/1.55 Roboto, system-ui, sans-serif; color: #1b1b1f; max-width: 880px; margin: 0 auto; padding: 16px; }
  h1 { color: #005cbb; } h2 { border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 40px; }
  figure { margin: 16px 0; text-align: center; } img { max-width: 100%; border: 1px solid #ccc; border-radius: 8px; }
  img[src*="iVBOR"] { max-height: 720px; } figcaption { font-size: 14px; color: #555; }
  table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #ccc; padding: 6px 8px; text-align: left; vertical-align: top; }
  code { background: #f1f1f4; padding: 1px 4px; border-radius: 4px; }
  @media print { h2 { page-break-before: always; } figure { page-break-inside: avoid; } }
`;

export function renderDocument(markdown) {
  const title = /^# (.*)$/m.exec(markdown)?.[1] ?? 'Guía de usuario';
  return `<!doctype html>\n<html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escape(title)}</title><style>${STYLE}</style></head><body>\n${render(markdown)}\n</body></html>\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const html = renderDocument(fs.readFileSync(source, 'utf8'));
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (current !== html) {
      console.error(`${path.relative(root, target)} is out of date: run node docs/tools/render-guide.mjs`);
      process.exit(1);
    }
    console.log('guide HTML up to date');
  } else {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, html);
    console.log(`${path.relative(root, target)}: ${(html.length / 1024).toFixed(0)} kB`);
  }
}
