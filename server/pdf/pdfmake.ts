import path from 'node:path';

/**
 * pdfmake (CommonJS, server build) set up once for every PDF the server makes (orders, lot exports,
 * reports): the Roboto files pdfmake ships, no URL access, local file access only to those fonts —
 * documents carry user data, so they must never make pdfmake fetch or read anything else.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let pdfmake: any;
/** Loaded on the first PDF asked for, not at every server start. */
function printer() {
  if (pdfmake) return pdfmake;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require('pdfmake');
  const fontDir = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
  loaded.setFonts({
    Roboto: {
      normal: path.join(fontDir, 'Roboto-Regular.ttf'),
      bold: path.join(fontDir, 'Roboto-Medium.ttf'),
      italics: path.join(fontDir, 'Roboto-Italic.ttf'),
      bolditalics: path.join(fontDir, 'Roboto-MediumItalic.ttf'),
    },
  });
  loaded.setUrlAccessPolicy(() => false);
  loaded.setLocalAccessPolicy((p: string) => path.resolve(p).startsWith(fontDir));
  return (pdfmake = loaded);
}

/** The font name to use in `defaultStyle`. */
export const PDF_FONT = 'Roboto';

/** Renders a pdfmake document definition to a buffer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function renderPdf(doc: any): Promise<Buffer> {
  return printer().createPdf(doc).getBuffer();
}
