import path from 'node:path';

/**
 * pdfmake (CommonJS, server build) set up once for every PDF the server makes (orders, lot exports,
 * reports): the Roboto files pdfmake ships, no URL access, local file access only to those fonts —
 * documents carry user data, so they must never make pdfmake fetch or read anything else.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pdfmake = require('pdfmake');
const fontDir = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
pdfmake.setFonts({
  Roboto: {
    normal: path.join(fontDir, 'Roboto-Regular.ttf'),
    bold: path.join(fontDir, 'Roboto-Medium.ttf'),
    italics: path.join(fontDir, 'Roboto-Italic.ttf'),
    bolditalics: path.join(fontDir, 'Roboto-MediumItalic.ttf'),
  },
});
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((p: string) => path.resolve(p).startsWith(fontDir));

/** The font name to use in `defaultStyle`. */
export const PDF_FONT = 'Roboto';

/** Renders a pdfmake document definition to a buffer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function renderPdf(doc: any): Promise<Buffer> {
  return pdfmake.createPdf(doc).getBuffer();
}
