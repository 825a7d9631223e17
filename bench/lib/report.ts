import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { ROOT } from './processes';

export interface Row {
  scenario: string;
  rps: number | null;
  p50: number | null;
  p99: number | null;
  ratio: number | null;
  upstreamRequests: number | null;
  /** The measured process's CPU time per answered request, in µs: steadier than req/s on a shared machine. */
  cpuUs?: number | null;
  note?: string;
}

export interface Floor {
  name: string;
  actual: number;
  bound: number;
  kind: 'min' | 'max';
}

const fmt = (v: number | null, digits = 0) => (v === null ? '—' : v.toFixed(digits));

/** Prints the table and the floors, writes bench/results/latest.json; true when every floor holds. */
export function report(rows: Row[], floors: Floor[], settings: Record<string, unknown>): boolean {
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
  const verdicts = floors.map((f) => ({ ...f, holds: f.kind === 'min' ? f.actual >= f.bound : f.actual <= f.bound }));
  mkdirSync(`${ROOT}bench/results`, { recursive: true });
  writeFileSync(
    `${ROOT}bench/results/latest.json`,
    `${JSON.stringify({ date: new Date().toISOString(), machine, settings, rows, floors: verdicts }, null, 2)}\n`,
  );
  console.log(`\n| scenario | req/s | p50 ms | p99 ms | ratio to ceiling | CPU µs/req | upstream requests | note |`);
  console.log(`| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |`);
  for (const r of rows) {
    console.log(
      `| ${r.scenario} | ${fmt(r.rps)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${fmt(r.ratio, 2)} | ${fmt(r.cpuUs ?? null)} | ${fmt(r.upstreamRequests)} | ${r.note ?? ''} |`,
    );
  }
  console.log(`\n| floor | measured | bound | holds |\n| --- | ---: | ---: | --- |`);
  for (const v of verdicts) console.log(`| ${v.name} | ${v.actual.toFixed(2)} | ${v.kind === 'min' ? '≥' : '≤'} ${v.bound} | ${v.holds ? 'yes' : 'NO'} |`);
  console.log(`\nmachine: ${machine.cpus} × ${machine.model}, ${machine.memoryGb} GiB, Node ${machine.node}; results in bench/results/latest.json`);
  return verdicts.every((v) => v.holds);
}
