/**
 * The deployment files against the code they deploy: every variable the Kubernetes manifests and
 * the Dockerfile set is one src/config reads, ports and probe paths are the server's (served-paths
 * .test.ts asks a running gateway), the grace period outlasts the drain, the image runs
 * package.json's entry with its production node flags, and the router routes to the Service.
 * A rename in src/config/config.ts that the manifests do not follow fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES, loadConfig, type Config } from '../../src/config/config';
import { contextSources, execForm } from './support/dockerfile';
import { only, parseDurationMs, parseQuantity, resolvePort, selects } from './support/kubernetes';
import {
  container,
  deployment,
  dockerfile,
  exampleSecret,
  imageEnv,
  K8S_DIR,
  kustomization,
  lastOf,
  pkg,
  podAnnotations,
  podLabels,
  podSpec,
  ROOT,
  routerConfig,
  runtime,
  service,
  supergraphConfig,
} from './support/deploy-files';

/**
 * Variables the manifests may set although src/config does not read them, each with the reason.
 * None today; NODE_OPTIONS (read by node itself) or OTEL_* (read by an OpenTelemetry SDK) would
 * belong here if a manifest ever set them.
 */
const STANDARD_VARIABLES: Record<string, string> = {};

/**
 * Variables the fleet work ("Run as a fleet") adds to src/config, which the manifests already
 * pass. Each must still be missing from CONFIG_VARIABLES: a test below fails once src/config
 * declares it, so the entry is removed and the variable is checked like any other from then on.
 */
const PENDING_VARIABLES: Record<string, string> = {};

/** Names neither src/config nor the lists above know. */
function unknownVariables(names: Iterable<string>, known: readonly string[]): string[] {
  return [...new Set(names)].filter((n) => !known.includes(n) && !(n in STANDARD_VARIABLES) && !(n in PENDING_VARIABLES)).sort();
}

/** What the container's environment is made of, as written in the Deployment. */
const env = (() => {
  const fromConfigMaps: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (!source.configMapRef) throw new Error('envFrom other than configMapRef hides variable names from this test: use secretKeyRef');
    const data = kustomization.configMaps.get(source.configMapRef.name);
    if (!data) throw new Error(`envFrom names ConfigMap ${source.configMapRef.name}, which the kustomization does not make`);
    Object.assign(fromConfigMaps, data);
  }
  const literal: Record<string, string> = {};
  const secretRefs: Array<{ env: string; name: string; key: string; optional: boolean }> = [];
  for (const entry of container.env ?? []) {
    if (entry.value !== undefined) literal[entry.name] = String(entry.value);
    else if (entry.valueFrom?.secretKeyRef) {
      const ref = entry.valueFrom.secretKeyRef;
      secretRefs.push({ env: entry.name, name: ref.name, key: ref.key, optional: ref.optional === true });
    } else throw new Error(`env ${entry.name}: only value and secretKeyRef are expected`);
  }
  const names = [...Object.keys(fromConfigMaps), ...(container.env ?? []).map((e: any) => e.name as string)];
  return { fromConfigMaps, literal, secretRefs, names };
})();

/** The gateway's configuration as the manifests make it, with the example Secret's placeholders. */
function manifestConfig(): Config {
  const secrets: Record<string, string> = {};
  for (const ref of env.secretRefs) {
    const value = exampleSecret.stringData?.[ref.key];
    if (value !== undefined) secrets[ref.env] = value;
  }
  return loadConfig({ ...env.fromConfigMaps, ...env.literal, ...secrets });
}

describe('environment variables', () => {
  it('every variable the manifests and the image set is one src/config reads', () => {
    const names = [...env.names, ...Object.keys(imageEnv), ...Object.keys(exampleSecret.stringData ?? {})];
    expect(names.length).toBeGreaterThan(10);
    expect(unknownVariables(names, CONFIG_VARIABLES)).toEqual([]);
  });

  it('the check catches a variable renamed in src/config but not in the manifests', () => {
    const renamed = CONFIG_VARIABLES.map((name) => (name === 'SHUTDOWN_TIMEOUT_MS' ? 'SHUTDOWN_DRAIN_MS' : name));
    expect(unknownVariables(env.names, renamed)).toEqual(['SHUTDOWN_TIMEOUT_MS']);
  });

  it('pending variables are still undeclared (once src/config declares one, delete its PENDING_VARIABLES entry)', () => {
    expect(Object.keys(PENDING_VARIABLES).filter((name) => CONFIG_VARIABLES.includes(name))).toEqual([]);
  });

  it('no variable is set twice (env would silently override the ConfigMap)', () => {
    const duplicates = env.names.filter((name, i) => env.names.indexOf(name) !== i);
    expect(duplicates).toEqual([]);
  });

  it('secrets come from one Secret whose example holds exactly the referenced keys', () => {
    expect(env.secretRefs.map((r) => r.env).sort()).toEqual(
      expect.arrayContaining(['IXOPAY_API_KEY', 'IXOPAY_PASSWORD', 'IXOPAY_SHARED_SECRET', 'IXOPAY_USERNAME']),
    );
    for (const ref of env.secretRefs) expect(ref.name).toBe(exampleSecret.metadata.name);
    const exampleKeys = Object.keys(exampleSecret.stringData ?? {});
    for (const ref of env.secretRefs.filter((r) => !r.optional)) expect(exampleKeys).toContain(ref.key);
    expect(exampleKeys.filter((key) => !env.secretRefs.some((r) => r.key === key))).toEqual([]);
    expect(exampleSecret.metadata.namespace).toBe(kustomization.namespace);
    // Credentials never sit in the ConfigMap or as literals.
    const secretish = /PASSWORD|SECRET|API_KEY|USERNAME|REDIS_URL|JWKS/;
    expect([...Object.keys(env.fromConfigMaps), ...Object.keys(env.literal)].filter((n) => secretish.test(n))).toEqual([]);
  });

  it('the manifests make a valid production configuration', () => {
    const config = manifestConfig();
    expect(config.nodeEnv).toBe('production');
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.upstream.mode).toBe('remote');
    expect(config.auth.mode).toBe('jwt');
  });
});

describe('ports, probes and selectors', () => {
  const port = manifestConfig().server.port;

  it('the container port is PORT, and probes, Service, NetworkPolicy and scrape annotations use it', () => {
    expect(container.ports.map((p: any) => p.containerPort)).toEqual([port]);
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(resolvePort(container, container[probe].httpGet.port)).toBe(port);
    }
    for (const servicePort of service.spec.ports) expect(resolvePort(container, servicePort.targetPort)).toBe(port);
    const policy = only(kustomization, 'NetworkPolicy');
    for (const rule of policy.spec.ingress) {
      for (const p of rule.ports) expect(resolvePort(container, p.port)).toBe(port);
    }
    if (podAnnotations['prometheus.io/scrape'] === 'true') {
      expect(Number(podAnnotations['prometheus.io/port'])).toBe(port);
      expect(podAnnotations['prometheus.io/path']).toBe('/metrics');
    }
  });

  it('readiness probes /readyz, liveness and startup /healthz', () => {
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.startupProbe.httpGet.path).toBe('/healthz');
  });

  it('Service, PodDisruptionBudget and NetworkPolicy select the pods; the autoscaler targets the Deployment', () => {
    expect(selects(deployment.spec.selector.matchLabels, podLabels)).toBe(true);
    expect(selects(service.spec.selector, podLabels)).toBe(true);
    expect(selects(only(kustomization, 'PodDisruptionBudget').spec.selector.matchLabels, podLabels)).toBe(true);
    expect(selects(only(kustomization, 'NetworkPolicy').spec.podSelector.matchLabels, podLabels)).toBe(true);
    const hpa = only(kustomization, 'HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
    expect(podSpec.serviceAccountName).toBe(only(kustomization, 'ServiceAccount').metadata.name);
  });

  it('the kustomization lists every manifest in the folder and names the Namespace it creates', () => {
    const files = readdirSync(K8S_DIR).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml');
    expect([...kustomization.resourceFiles].sort()).toEqual(files.sort());
    expect(only(kustomization, 'Namespace').metadata.name).toBe(kustomization.namespace);
  });
});

/** Seconds a preStop hook holds the pod before SIGTERM: the `sleep` action or `exec: [sleep, N]`. */
function preStopPauseSeconds(preStop: any): number {
  if (!preStop) return 0;
  if (preStop.sleep) return Number(preStop.sleep.seconds);
  const [command, seconds] = preStop.exec?.command ?? [];
  if (command !== 'sleep' || !Number.isFinite(Number(seconds))) throw new Error(`unexpected preStop hook: ${JSON.stringify(preStop)}`);
  return Number(seconds);
}

describe('fleet behaviour', () => {
  it('the grace period outlasts the preStop pause plus the SHUTDOWN_TIMEOUT_MS drain', () => {
    const pauseSeconds = preStopPauseSeconds(container.lifecycle?.preStop);
    const drainSeconds = manifestConfig().server.shutdownTimeoutMs / 1000;
    expect(podSpec.terminationGracePeriodSeconds).toBeGreaterThan(pauseSeconds + drainSeconds);
  });

  it('several replicas, one disruption at a time, CPU-based scaling of one-core pods', () => {
    expect(deployment.spec.replicas).toBeUndefined(); // the autoscaler owns the count
    const hpa = only(kustomization, 'HorizontalPodAutoscaler');
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    expect(hpa.spec.metrics).toEqual([expect.objectContaining({ type: 'Resource', resource: expect.objectContaining({ name: 'cpu' }) })]);
    expect(parseQuantity(container.resources.requests.cpu)).toBe(1);
    const pdb = only(kustomization, 'PodDisruptionBudget');
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
  });

  it('memory: the request covers the measured peak RSS, the limit a full old space on top of the rest', () => {
    const request = parseQuantity(container.resources.requests.memory);
    const limit = parseQuantity(container.resources.limits.memory);
    // README, Performance: peak RSS (VmHWM) 111-115 MB, target <= 120 MB.
    expect(request).toBeGreaterThanOrEqual(120e6);
    const oldSpaceFlag = execForm(lastOf(runtime, 'CMD')!.args).find((a) => a.startsWith('--max-old-space-size='));
    const oldSpaceBytes = Number(oldSpaceFlag!.split('=')[1]) * 2 ** 20;
    // Young generation (3 x semi-space), code, native buffers: 64 MiB is the room left besides old space.
    expect(limit).toBeGreaterThanOrEqual(oldSpaceBytes + 64 * 2 ** 20);
    expect(limit).toBeGreaterThan(request);
  });

  it("runs as the image's non-root user, read-only, without capabilities", () => {
    const [user, group] = lastOf(runtime, 'USER')!.args.split(':').map(Number);
    expect(user).toBeGreaterThan(0);
    expect(podSpec.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: user,
      runAsGroup: group,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(podSpec.automountServiceAccountToken).toBe(false);
  });
});

describe('Dockerfile', () => {
  it('the final stage: production dependencies only, production settings, schema/ included', () => {
    const stageNames = new Map(dockerfile.filter((i) => i.keyword === 'FROM').map((i) => [/\bAS\s+(\S+)/i.exec(i.args)?.[1], i.stage]));
    const modulesCopy = runtime.find((i) => i.keyword === 'COPY' && /node_modules/.test(i.args));
    const fromStage = stageNames.get(/--from=(\S+)/.exec(modulesCopy!.args)?.[1]);
    const install = dockerfile.find((i) => i.stage === fromStage && i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
    expect(install?.args).toMatch(/--omit=dev/);
    expect(runtime.some((i) => i.keyword === 'RUN' && /\bnpm (ci|install)\b/.test(i.args))).toBe(false);
    expect(imageEnv).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0' });
    expect(contextSources(runtime)).toContain('schema');
    expect(runtime.some((i) => i.keyword === 'COPY' && /--from=\S+\s+\/app\/dist\s/.test(i.args))).toBe(true);
  });

  it('CMD runs package.json main with config.nodeFlags, node as PID 1', () => {
    const flags: string[] = pkg.config.nodeFlags.split(/\s+/).filter(Boolean);
    expect(execForm(lastOf(runtime, 'CMD')!.args)).toEqual(['node', ...flags, pkg.main]);
    expect(runtime.some((i) => i.keyword === 'ENTRYPOINT')).toBe(false);
  });

  it("EXPOSE is the image's PORT, which is also the manifests'", () => {
    const exposed = runtime.filter((i) => i.keyword === 'EXPOSE').map((i) => Number(i.args.split('/')[0]));
    const imagePort = loadConfig({ PORT: imageEnv.PORT }).server.port;
    expect(exposed).toEqual([imagePort]);
    expect(imagePort).toBe(manifestConfig().server.port);
  });

  it('.dockerignore lets through everything the Dockerfile copies from the build context', () => {
    const lines = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(lines[0]).toBe('*'); // allow-list style
    const allowed = lines.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, ''));
    for (const source of contextSources(dockerfile)) expect(allowed).toContain(source.replace(/^\.\//, '').replace(/\/$/, ''));
  });
});

describe('Apollo Router', () => {
  const subgraphName = 'customer-profiles';

  it("routes customer-profiles to the Service's cluster name and port at /graphql, as supergraph.yaml does", () => {
    const url = new URL(routerConfig.override_subgraph_url[subgraphName]);
    expect(supergraphConfig.subgraphs[subgraphName].routing_url).toBe(url.href);
    const [serviceName, namespace, ...rest] = url.hostname.split('.');
    expect(serviceName).toBe(service.metadata.name);
    expect(namespace).toBe(kustomization.namespace);
    expect(['svc', 'svc.cluster.local']).toContain(rest.join('.'));
    expect(Number(url.port)).toBe(service.spec.ports.find((p: any) => p.name === 'http').port);
    expect(url.pathname).toBe('/graphql');
    expect(url.protocol).toBe('http:');
  });

  it('every subgraph the router config names is in supergraph.yaml', () => {
    const named = [
      ...Object.keys(routerConfig.override_subgraph_url ?? {}),
      ...Object.keys(routerConfig.headers?.subgraphs ?? {}),
      ...Object.keys(routerConfig.traffic_shaping?.subgraphs ?? {}),
      ...Object.keys(routerConfig.include_subgraph_errors?.subgraphs ?? {}),
    ];
    expect(named.filter((name) => !(name in supergraphConfig.subgraphs))).toEqual([]);
  });

  it('propagates authorization, x-request-id, traceparent and tracestate to customer-profiles', () => {
    const rules = [...(routerConfig.headers.all?.request ?? []), ...(routerConfig.headers.subgraphs?.[subgraphName]?.request ?? [])];
    const propagated = rules.map((r: any) => r.propagate?.named?.toLowerCase()).filter(Boolean);
    expect(propagated).toEqual(expect.arrayContaining(['authorization', 'x-request-id', 'traceparent', 'tracestate']));
  });

  it("the subgraph timeout outlasts one IXOPAY call, the router timeout the subgraph's", () => {
    const shaping = routerConfig.traffic_shaping;
    const subgraphTimeout = parseDurationMs(shaping.subgraphs?.[subgraphName]?.timeout ?? shaping.all.timeout);
    expect(subgraphTimeout).toBeGreaterThan(manifestConfig().ixopay.timeoutMs);
    expect(parseDurationMs(shaping.router.timeout)).toBeGreaterThan(subgraphTimeout);
  });
});
