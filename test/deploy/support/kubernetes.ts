/**
 * Reads deploy/kubernetes the way kustomize would, for the deploy tests: the resources listed in
 * kustomization.yaml, the ConfigMaps its configMapGenerator makes from env files, plus small
 * helpers (named ports, quantities, durations).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as parsed; the tests check the fields they use. */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: any;
};

export interface Kustomization {
  dir: string;
  namespace?: string;
  /** File names listed under `resources`. */
  resourceFiles: string[];
  resources: Manifest[];
  /** ConfigMaps from configMapGenerator (by their unhashed name) and from resources. */
  configMaps: Map<string, Record<string, string>>;
}

/** Every YAML document in a file, as plain objects; throws on a YAML error. */
export function readYamlDocuments(file: string): any[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS();
  });
}

export function readYaml(file: string): any {
  const [doc] = readYamlDocuments(file);
  return doc;
}

/** kustomize's env-file format: KEY=value lines, `#` comment lines, no quote handling. */
export function readEnvFile(file: string): Record<string, string> {
  const data: Record<string, string> = {};
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`${file}: not KEY=value: ${line}`);
    data[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return data;
}

export function loadKustomization(dir: string): Kustomization {
  const k = readYaml(path.join(dir, 'kustomization.yaml'));
  const resourceFiles: string[] = k.resources ?? [];
  const resources = resourceFiles.flatMap((file) => readYamlDocuments(path.join(dir, file))) as Manifest[];
  const configMaps = new Map<string, Record<string, string>>();
  for (const generator of k.configMapGenerator ?? []) {
    const data: Record<string, string> = {};
    for (const envFile of generator.envs ?? []) Object.assign(data, readEnvFile(path.join(dir, envFile)));
    for (const literal of generator.literals ?? []) {
      const eq = literal.indexOf('=');
      data[literal.slice(0, eq)] = literal.slice(eq + 1);
    }
    configMaps.set(generator.name, data);
  }
  for (const cm of resources.filter((r) => r.kind === 'ConfigMap')) configMaps.set(cm.metadata.name, cm.data ?? {});
  return { dir, namespace: k.namespace, resourceFiles, resources, configMaps };
}

/** The single resource of a kind; throws when there is none or several. */
export function only(k: Kustomization, kind: string): Manifest {
  const found = k.resources.filter((r) => r.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0];
}

/** A probe's or policy's `port` (number or container port name) as a number. */
export function resolvePort(container: any, port: number | string): number {
  if (typeof port === 'number') return port;
  const named = (container.ports ?? []).find((p: any) => p.name === port);
  if (!named) throw new Error(`container ${container.name} has no port named ${port}`);
  return named.containerPort;
}

/** Bytes of a memory quantity ("128Mi", "120M", "134217728"), or cores of a CPU one ("500m", "1"). */
export function parseQuantity(quantity: string | number): number {
  const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(quantity));
  if (!match) throw new Error(`not a quantity: ${quantity}`);
  const factors: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };
  const factor = factors[match[2]];
  if (factor === undefined) throw new Error(`unknown quantity suffix: ${quantity}`);
  return Number(match[1]) * factor;
}

/** Milliseconds of a duration as the router writes them ("15s", "500ms", "1m"). */
export function parseDurationMs(duration: string): number {
  const match = /^([0-9.]+)(ms|s|m)$/.exec(duration.trim());
  if (!match) throw new Error(`not a duration: ${duration}`);
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000 }[match[2] as 'ms' | 's' | 'm'];
}

/** True when every label a selector requires is on the pod. */
export function selects(matchLabels: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.keys(matchLabels).length > 0 && Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
}
