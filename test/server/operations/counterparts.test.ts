import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { FastPath } from '../../../src/server/operations/fast-path';
import { LearnedMediaTypes } from '../../../src/server/operations/media-types';
import { OperationStore } from '../../../src/server/operations/operation-store';
import { compiledExecutionPlugin } from '../../../src/server/plugins/compiled-execution';

const store = () => new OperationStore({ maxBytes: 1024 * 1024, maxDocumentLength: 65536 });

describe('the fast path and the plugin list', () => {
  it('refuses, at construction, a plugin with per-request hooks and no declared counterpart', () => {
    const undeclared: ApolloServerPlugin = {
      async requestDidStart() {
        return {};
      },
    };
    expect(() => new FastPath([compiledExecutionPlugin({ store: store() }), undeclared], new LearnedMediaTypes())).toThrow(
      /declares no fast-path counterpart/,
    );
  });

  it('accepts plugins without per-request hooks (landing pages, disabled-feature markers)', () => {
    const fastPath = new FastPath([compiledExecutionPlugin({ store: store() }), ApolloServerPluginCacheControlDisabled()], new LearnedMediaTypes());
    expect(fastPath.served).toBe(0);
  });

  it('needs the compiled-execution plugin, whose store it answers from', () => {
    expect(() => new FastPath([ApolloServerPluginCacheControlDisabled()], new LearnedMediaTypes())).toThrow(/compiled-execution plugin/);
  });
});
