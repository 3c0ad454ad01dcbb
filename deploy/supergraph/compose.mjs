/**
 * Composes the supergraph the way `rover supergraph compose` would, from the same config
 * (deploy/router/supergraph.yaml: this gateway's schema/subgraph.graphql + orders.graphql), with
 * the root project's @apollo/composition (the library behind Rover, at the version the config
 * pins). Routing URLs can be overridden, since locally the subgraphs run on loopback ports.
 *
 *   node deploy/supergraph/compose.mjs [--url customer-profiles=http://...] [--url orders=http://...] [--out supergraph.graphql]
 *
 * Without --out the supergraph SDL goes to stdout.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
export const SUPERGRAPH_CONFIG = path.join(ROOT, 'deploy', 'router', 'supergraph.yaml');
const rootRequire = createRequire(path.join(ROOT, 'package.json'));

/**
 * The supergraph SDL of supergraph.yaml's subgraphs. `routingUrls` replaces the config's
 * routing_url per subgraph name. Throws with every composition error.
 */
export function composeSupergraph(routingUrls = {}) {
  const { composeServices } = rootRequire('@apollo/composition');
  const { parse } = rootRequire('graphql');
  const { parse: parseYaml } = rootRequire('yaml');
  const config = parseYaml(readFileSync(SUPERGRAPH_CONFIG, 'utf8'));
  const names = Object.keys(config.subgraphs);
  for (const name of Object.keys(routingUrls)) {
    if (!names.includes(name)) throw new Error(`no subgraph named ${name} in ${SUPERGRAPH_CONFIG} (it has ${names.join(', ')})`);
  }
  const services = Object.entries(config.subgraphs).map(([name, subgraph]) => ({
    name,
    url: routingUrls[name] ?? subgraph.routing_url,
    // Rover resolves schema files relative to the config file.
    typeDefs: parse(readFileSync(path.resolve(path.dirname(SUPERGRAPH_CONFIG), subgraph.schema.file), 'utf8')),
  }));
  const result = composeServices(services);
  if (result.errors) throw new Error(`composition failed:\n  ${result.errors.map((e) => e.message).join('\n  ')}`);
  return result.supergraphSdl;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { url: { type: 'string', multiple: true, default: [] }, out: { type: 'string' } } });
  const routingUrls = {};
  for (const pair of values.url) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--url expects name=url, got ${pair}`);
    routingUrls[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const sdl = composeSupergraph(routingUrls);
  if (values.out) writeFileSync(values.out, sdl);
  else process.stdout.write(sdl);
}
