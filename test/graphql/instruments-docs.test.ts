/**
 * The README's "Saved payment methods" walk-through stays true to the schema: each GraphQL block
 * in it is valid against the client schema (the one frontend codegen uses).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { buildGatewaySchemas } from '../../src/graphql/schema';

function walkThroughBlocks(): string[] {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const section = readme.split(/^## Saved payment methods$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);
}

describe('README: Saved payment methods', () => {
  const blocks = walkThroughBlocks();

  it('has the walk-through with its operations', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });

  it.each(blocks.map((block, index) => [index, block] as const))('block %i is valid against the schema', async (_index, block) => {
    const { clientSchema } = await buildGatewaySchemas();
    expect(validate(clientSchema, parse(block)).map((error) => error.message)).toEqual([]);
  });
});
