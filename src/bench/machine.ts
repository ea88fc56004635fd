/** The machine a run was measured on, printed with the figures (they mean nothing without it). */
import { cpus, freemem, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memTotalGiB: number;
  memFreeGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average at the start and the end of the run: other work on the machine skews figures. */
  loadStart: number;
  loadEnd?: number;
}

export function machineInfo(): MachineInfo {
  const c = cpus();
  return {
    cpus: c.length,
    cpuModel: c[0]?.model.trim() ?? 'unknown',
    memTotalGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    memFreeGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

export function finishMachineInfo(m: MachineInfo): MachineInfo {
  return { ...m, loadEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100 };
}

export function describeMachine(m: MachineInfo): string {
  const load = `load avg ${m.loadStart}${m.loadEnd === undefined ? '' : ` -> ${m.loadEnd}`}`;
  return `${m.cpus} cores (${m.cpuModel}), ${m.memTotalGiB} GiB RAM, node ${m.node}, ${m.platform}; ${load}`;
}
