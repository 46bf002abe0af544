import busboy from 'busboy';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { MAX_FILE_BYTES } from '../../src/domain/lots';
import { DomainError, invalid } from '../common/domain-error';

/**
 * Receives the multipart upload of a lot file (docs/lots-design.md "Upload"): the file is streamed
 * to `<dir>/<lotId>.txt.part` — never whole in memory — with its SHA-256 and a count of non-blank
 * lines computed on the way. Past MAX_FILE_BYTES the part file is removed and 413 E_TOO_LARGE thrown.
 */
export interface ReceivedUpload {
  fields: Record<string, string>;
  fileName: string;
  bytes: number;
  sha256: string;
  /** lines holding something other than spaces and tabs: header + detail records (an upper bound of the validator's count) */
  nonBlankLines: number;
  /** the part file (the caller renames it when it keeps it) */
  partPath: string;
}

export const tooLarge = () =>
  new DomainError('too_large', 'E_TOO_LARGE', 'El archivo supera el máximo de 100 MB o de registros permitidos.');

const noFile = () => invalid('FILE_REQUIRED', 'Adjunte el archivo del lote (campo "file").');

/** Counts non-blank lines byte by byte (ASCII space, tab and CR are blank; LF ends a line). */
class LineCounter {
  lines = 0;
  private hasData = false;
  push(chunk: Uint8Array): void {
    let lines = this.lines;
    let hasData = this.hasData;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === 10) {
        if (hasData) lines++;
        hasData = false;
      } else if (!hasData && c !== 32 && c !== 9 && c !== 13) {
        hasData = true;
      }
    }
    this.lines = lines;
    this.hasData = hasData;
  }
  finish(): number {
    if (this.hasData) this.lines++;
    this.hasData = false;
    return this.lines;
  }
}

export async function receiveLotUpload(req: Request, dir: string, lotId: string): Promise<ReceivedUpload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    throw invalid('MULTIPART_REQUIRED', 'Envíe el lote como multipart/form-data con los campos file, type y productCode.');
  }
  fs.mkdirSync(dir, { recursive: true });
  const partPath = path.join(dir, `${lotId}.txt.part`);

  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: req.headers,
      limits: { files: 1, fileSize: MAX_FILE_BYTES + 1, fields: 10, fieldSize: 1024, parts: 20, headerPairs: 50 },
      defParamCharset: 'utf8',
    });
  } catch {
    throw invalid('MULTIPART_REQUIRED', 'El cuerpo multipart no es válido.');
  }

  const fields: Record<string, string> = {};
  let fileSeen = false;
  let fileName = '';
  let bytes = 0;
  let limitHit = false;
  let extraFiles = false;
  const hash = createHash('sha256');
  const counter = new LineCounter();
  let fileDone: Promise<void> | null = null;

  const finished = new Promise<void>((resolve, reject) => {
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) return reject(invalid('FIELD_TOO_LONG', `El campo ${name.slice(0, 30)} es demasiado largo.`));
      if (!Object.hasOwn(fields, name)) fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || fileSeen) {
        extraFiles = true;
        stream.resume();
        return;
      }
      fileSeen = true;
      fileName = sanitizeFileName(info.filename ?? '');
      stream.on('limit', () => {
        limitHit = true;
      });
      const tap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          if (limitHit) return done(); // nothing past the limit is kept
          bytes += chunk.length;
          hash.update(chunk);
          counter.push(chunk);
          done(null, chunk);
        },
      });
      fileDone = pipeline(stream, tap, fs.createWriteStream(partPath, { highWaterMark: 1 << 20 }));
      fileDone.catch(reject);
    });
    bb.on('filesLimit', () => {
      extraFiles = true;
    });
    bb.on('error', (err) => reject(invalid('MULTIPART_INVALID', `El cuerpo multipart no es válido: ${(err as Error).message}`)));
    bb.on('close', () => resolve());
    req.on('aborted', () => reject(invalid('UPLOAD_ABORTED', 'La carga se interrumpió.')));
  });

  const removePart = () => fs.promises.rm(partPath, { force: true });
  try {
    req.pipe(bb);
    await finished;
    if (fileDone) await fileDone;
  } catch (err) {
    req.unpipe(bb);
    req.resume();
    await removePart();
    throw err;
  }
  if (limitHit || bytes > MAX_FILE_BYTES) {
    await removePart();
    throw tooLarge();
  }
  if (!fileSeen) throw noFile();
  if (extraFiles) {
    await removePart();
    throw invalid('ONE_FILE_ONLY', 'Adjunte un solo archivo, en el campo "file".');
  }
  return { fields, fileName, bytes, sha256: hash.digest('hex'), nonBlankLines: counter.finish(), partPath };
}

/** The file name as shown back: base name only, no control characters, at most 200 characters. */
export function sanitizeFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim().slice(0, 200);
  return clean || 'lote.txt';
}
