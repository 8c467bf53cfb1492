// A V8 code cache for the CommonJS files the generator loads (TypeScript's 9 MB and the ts-morph bundle's 3.4 MB
// above all, then Redocly's and openapi-typescript's dependencies): compiling them was the largest single piece of a
// `generate`'s start (bench/README.md, session 5). Node 22 has `module.enableCompileCache()`; Node 20 does not, so
// this does the same for CommonJS files with `vm.Script`'s `cachedData`, and leaves ES modules to Node.
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { basename, dirname, join } from 'node:path';
import vm from 'node:vm';
import { crc32 } from 'node:zlib';

const header = 8; // crc32 of the payload, then its length: a damaged or cut file is never handed to V8.

/**
 * Compiles CommonJS files (`.js`, `.cjs`) through `vm.Script` with a code cache kept in `dir`, one file each, keyed
 * by the file's path and text (crc32 and length), Node's V8 version and this process's flags (NODE_OPTIONS
 * included). A file whose cache is missing, damaged, or rejected by V8 (another V8 or flags) compiles as usual and
 * its cache is written when the process exits, with the functions it ran compiled, so the next start skips those
 * compilations too; the entries of that path's other texts are removed then, so the folder stays bounded. ES
 * modules, and processes with source maps or policies (whose compilation Node does itself), are left alone. Returns
 * false when not installed.
 */
export function useCodeCache(dir) {
  if (process.sourceMapsEnabled || process.execArgv.some((flag) => flag.startsWith('--experimental-policy')))
    return false;
  if (Module.prototype._compile.codeCache) return true;
  // V8 rejects a cache made under other flags; a folder per set of flags (NODE_OPTIONS included) keeps two sets
  // from rewriting each other's entries at every run.
  const flags = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].join('\0');
  const folder = join(dir, `v8-${process.versions.v8}-${hex(crc32(flags))}`);
  const original = Module.prototype._compile;
  const produce = [];
  function compile(content, filename, format) {
    if (format === 'module' || !/\.c?js$/.test(filename))
      return original.call(this, content, filename, format);
    const file = join(folder, `${hex(crc32(filename))}-${hex(crc32(content))}-${content.length}.bin`);
    const cachedData = readCache(file);
    const script = new vm.Script(Module.wrap(content), {
      filename,
      ...(cachedData ? { cachedData } : {}),
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (!cachedData || script.cachedDataRejected) produce.push({ script, file });
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, dirname(filename));
  }
  compile.codeCache = true;
  Module.prototype._compile = compile;
  process.once('exit', () => {
    for (const { script, file } of produce) writeCache(file, script.createCachedData());
    const written = produce.map((entry) => basename(entry.file));
    if (written.length > 0) removeOtherVersions(folder, written);
  });
  return true;
}

/** The `require` Node gives a module (`makeRequireFunction`), from public parts. */
function requireFor(module) {
  const require = (id) => module.require(id);
  const resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

function readCache(file) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length < header) return undefined;
  const payload = bytes.subarray(header);
  if (bytes.readUInt32LE(4) !== payload.length || bytes.readUInt32LE(0) !== crc32(payload)) return undefined;
  return payload;
}

function writeCache(file, payload) {
  // Written beside and renamed, so a reader never sees half a file; a folder that can't be written only costs speed.
  const partial = `${file}.${process.pid}.partial`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    const prefix = Buffer.alloc(header);
    prefix.writeUInt32LE(crc32(payload), 0);
    prefix.writeUInt32LE(payload.length, 4);
    writeFileSync(partial, Buffer.concat([prefix, payload]));
    renameSync(partial, file);
  } catch {
    // Speed only.
  }
}

/**
 * Removes the entries of `folder` for the same paths as `written` (`<crc32 of path>-`) but another text: V8 can never
 * use them again for that path, and an `npm install` that changes a library (or a launcher bundle rebuilt) would
 * otherwise leave one behind per version, megabytes each. Other paths' entries stay, and so do other folders (another
 * V8 or other flags, which another Node on the same checkout may still use). Never throws: speed only.
 */
export function removeOtherVersions(folder, written) {
  const paths = new Set(written.map((name) => entryName.exec(name)?.[1]));
  const kept = new Set(written);
  let names;
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const path = entryName.exec(name)?.[1];
    if (path === undefined || !paths.has(path) || kept.has(name)) continue;
    try {
      unlinkSync(join(folder, name));
    } catch {
      // Already removed by another process: speed only.
    }
  }
}

/** An entry's name as `useCodeCache` writes it, with the crc32 of the file's path first. */
const entryName = /^([0-9a-f]{8})-[0-9a-f]{8}-\d+\.bin$/;

const hex = (value) => value.toString(16).padStart(8, '0');
