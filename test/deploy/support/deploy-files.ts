/**
 * The repository's deployment files, loaded once per test file: the kustomization and its gateway
 * Deployment, the example Secret, the Dockerfile's final stage, the router and Rover configs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { envOf, finalStage, parseDockerfile, type Instruction } from './dockerfile';
import { loadKustomization, only, readYaml } from './kubernetes';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const K8S_DIR = path.join(ROOT, 'deploy', 'kubernetes');

export const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

export const kustomization = loadKustomization(K8S_DIR);
export const deployment = only(kustomization, 'Deployment');
export const podSpec = deployment.spec.template.spec;
export const podLabels: Record<string, string> = deployment.spec.template.metadata.labels;
export const podAnnotations: Record<string, string> = deployment.spec.template.metadata.annotations ?? {};
/** The gateway container (the pod's only one today). */
export const container = podSpec.containers.find((c: any) => c.name === 'gateway');
export const service = only(kustomization, 'Service');
/** Placeholders only; never applied (not in kustomization.yaml). */
export const exampleSecret = readYaml(path.join(K8S_DIR, 'examples', 'secret.yaml'));

export const dockerfile = parseDockerfile(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
/** Instructions of the stage the image is made of. */
export const runtime = finalStage(dockerfile);
export const imageEnv = envOf(runtime);

export function lastOf(stage: Instruction[], keyword: string): Instruction | undefined {
  return stage.filter((i) => i.keyword === keyword).at(-1);
}

export const routerConfig = readYaml(path.join(ROOT, 'deploy', 'router', 'router.yaml'));
export const SUPERGRAPH_CONFIG_FILE = path.join(ROOT, 'deploy', 'router', 'supergraph.yaml');
export const supergraphConfig = readYaml(SUPERGRAPH_CONFIG_FILE);
