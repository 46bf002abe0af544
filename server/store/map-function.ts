import vm from 'node:vm';

/**
 * A view's map source compiled once in its own context, as PouchDB compiles it for a view build
 * (patches/pouchdb+9.0.0.patch): strict mode, CouchDB's helpers, the document in as JSON.
 * Answers the emitted [key, value] pairs, or null when the map throws (the document then emits none,
 * as in CouchDB).
 */
export function compileMap(source: string): (json: string) => Array<[unknown, unknown]> | null {
  const run = vm.runInNewContext(
    '(function () { "use strict";' +
      'var sum = function (values) { var s = 0; for (var i = 0; i < values.length; i++) s += values[i]; return s; };' +
      'var log = function () {}; var isArray = Array.isArray; var toJSON = JSON.parse;' +
      'var __emitted__ = [];' +
      'var emit = function (key, value) { __emitted__.push([key, value]); };' +
      'var __map__ = (' + source.replace(/;\s*$/, '') + ');' +
      'return function (json) { __emitted__ = []; __map__(JSON.parse(json)); return __emitted__; };' +
      '})()',
    {},
  ) as (json: string) => Array<[unknown, unknown]>;
  return (json) => {
    try {
      return run(json);
    } catch {
      return null;
    }
  };
}
