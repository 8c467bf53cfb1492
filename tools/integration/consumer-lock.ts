/**
 * A lock file for the consumer project, derived from the workspace's own package-lock.json.
 *
 * Why: the consumer test must install our packed tarballs with nothing but what `npm ci` already put on the machine.
 * `npm install --offline` is not enough: to resolve the tarballs' dependencies it needs the registry's metadata
 * (packuments), which `npm ci` never stores, so it fails with ENOTCACHED on an empty cache. `npm ci --offline` with a
 * complete lock file needs no metadata at all: every tarball is named by its URL and integrity, and the root
 * `npm ci` has just put exactly those tarballs (same versions, same integrity) into npm's cache.
 *
 * Why derived, not committed: a committed lock would go stale at every dependency bump (the offline install would
 * then fail, or test other versions than the workspace uses), and the integrity of our own tarballs changes with
 * every build. Derived from the root lock, the consumer gets the very versions the workspace is tested with.
 */

/** An entry of `packages` in a lock file (lockfileVersion 2 or 3), with the fields this module reads. */
export interface LockEntry {
  readonly name?: string;
  readonly version?: string;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly link?: boolean;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly [field: string]: unknown;
}

export interface Lockfile {
  readonly lockfileVersion: number;
  readonly packages: Readonly<Record<string, LockEntry>>;
}

/** One of our packages, installed from its packed tarball. */
export interface LocalTarball {
  /** The package's manifest (package.json). */
  readonly manifest: LockEntry & { readonly name: string; readonly version: string };
  /** Where its workspace sits in the root lock, e.g. `packages/client`. */
  readonly workspace: string;
  /** The tarball's path relative to the consumer project, e.g. `tarballs/graph-incidents-client-0.1.0.tgz`. */
  readonly tarball: string;
  /** `sha512-…` of the tarball's bytes. */
  readonly integrity: string;
}

export interface ConsumerProject {
  readonly packageJson: Record<string, unknown>;
  readonly lockfile: Lockfile;
}

/** Flags that describe the root project's tree (dev, peer…); npm recomputes them for the consumer's. */
const treeFlags = new Set(['dev', 'optional', 'devOptional', 'peer', 'extraneous', 'inBundle']);

/**
 * The consumer's package.json and package-lock.json: our tarballs as dependencies, `devDependencies` at the
 * versions the root lock has, and every third-party package they need at the root lock's version and place.
 * Throws, naming the package, when the root lock lacks something the consumer needs.
 */
export function consumerProject(
  root: Lockfile,
  locals: readonly LocalTarball[],
  devDependencies: readonly string[],
): ConsumerProject {
  if (root.lockfileVersion < 2) throw new Error('the root lock file must be lockfileVersion 2 or 3');
  const localByName = new Map(locals.map((local) => [local.manifest.name, local]));
  const localByWorkspace = new Map(locals.map((local) => [local.workspace, local]));
  const packages: Record<string, LockEntry> = {};
  const queue: { from: string; name: string; optional: boolean }[] = [];

  /** Where a root-lock location sits in the consumer: our workspaces move to node_modules/<name>. */
  const consumerPath = (rootPath: string): string => {
    for (const [workspace, local] of localByWorkspace)
      if (rootPath === workspace || rootPath.startsWith(`${workspace}/`))
        return `node_modules/${local.manifest.name}${rootPath.slice(workspace.length)}`;
    return rootPath;
  };
  /** Node's lookup, on the root lock: `from/node_modules/name`, then each enclosing node_modules, then the top. */
  const resolve = (from: string, name: string): string | undefined => {
    let dir = from;
    for (;;) {
      const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
      if (root.packages[candidate]) return candidate;
      if (dir === '') return undefined;
      const parent = dir.lastIndexOf('/node_modules/');
      dir = parent === -1 ? '' : dir.slice(0, parent);
    }
  };
  const follow = (from: string, entry: LockEntry): void => {
    for (const name of Object.keys(entry.dependencies ?? {})) queue.push({ from, name, optional: false });
    for (const name of Object.keys(entry.optionalDependencies ?? {}))
      queue.push({ from, name, optional: true });
    for (const name of Object.keys(entry.peerDependencies ?? {}))
      if (!entry.peerDependenciesMeta?.[name]?.optional) queue.push({ from, name, optional: false });
  };

  for (const local of locals) {
    const { manifest } = local;
    packages[`node_modules/${manifest.name}`] = {
      version: manifest.version,
      resolved: `file:${local.tarball}`,
      integrity: local.integrity,
      ...pick(manifest, [
        'license',
        'dependencies',
        'peerDependencies',
        'peerDependenciesMeta',
        'bin',
        'engines',
      ]),
    };
    follow(local.workspace, manifest);
  }
  const devVersions: Record<string, string> = {};
  for (const name of devDependencies) {
    const at = resolve('', name);
    const version = at === undefined ? undefined : root.packages[at]?.version;
    if (at === undefined || version === undefined)
      throw new Error(`${name} is not in the root lock file; add it to the workspace's devDependencies`);
    devVersions[name] = version;
    queue.push({ from: '', name, optional: false });
  }

  for (let next = queue.shift(); next; next = queue.shift()) {
    const local = localByName.get(next.name);
    if (local) continue; // one of ours: already placed, from its tarball
    const at = resolve(next.from, next.name);
    if (at === undefined) {
      if (next.optional) continue;
      throw new Error(`${next.name} (needed by ${next.from || 'the consumer'}) is not in the root lock file`);
    }
    const entry = root.packages[at]!;
    if (entry.link) continue; // a workspace of ours that the consumer does not install
    const target = consumerPath(at);
    if (packages[target]) continue;
    packages[target] = {
      ...Object.fromEntries(Object.entries(entry).filter(([field]) => !treeFlags.has(field))),
      ...(next.optional ? { optional: true } : {}),
    };
    follow(at, entry);
  }

  const dependencies = Object.fromEntries(
    locals.map((local) => [local.manifest.name, `file:${local.tarball}`]),
  );
  const top = { name: 'consumer', dependencies, devDependencies: devVersions };
  return {
    packageJson: { ...top, private: true, type: 'module' },
    lockfile: {
      name: 'consumer',
      lockfileVersion: 3,
      requires: true,
      packages: { '': top, ...sortKeys(packages) },
    } as Lockfile,
  };
}

function pick(entry: LockEntry, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => entry[f] !== undefined).map((f) => [f, entry[f]]));
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
