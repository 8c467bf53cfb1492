import { cpus, totalmem, type, release } from 'node:os';

/** The machine a run measured, for results.json and the README table. */
export function machineInfo() {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    memoryBytes: totalmem(),
    os: `${type()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
  };
}
