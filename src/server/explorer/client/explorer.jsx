/**
 * The browser side of GET /explorer: GraphiQL 3 (CodeMirror 5, React 18), bundled by esbuild
 * (../build.ts) into one script and one stylesheet the gateway serves itself. Plain JSX on
 * purpose: tsc type-checks the server against Node's types only, and never sees this file.
 *
 * The page hands its settings over in a JSON data block, not an inline script, so the CSP can
 * say `script-src 'self'` without nonces or hashes.
 */
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { parse } from 'graphql';
import 'graphiql/graphiql.css';
import './explorer.css';

const config = JSON.parse(document.getElementById('explorer-config').textContent);
// Radix (GraphiQL's dialogs) adds a <style> element while a dialog is open and gives it this
// nonce, which the page's CSP allows; read when a dialog opens, so setting it here is early enough.
window.__webpack_nonce__ = config.styleNonce;
const endpoint = new URL(config.endpoint, window.location.href).href;

/** POST + JSON, like the clients the README recommends; answers that are not JSON become an error. */
async function fetcher(params, options) {
  const body = { ...params, operationName: currentOperationName(params.query, params.operationName) };
  const response = await fetch(endpoint, {
    method: 'POST',
    credentials: 'omit',
    headers: {
      ...(options && options.headers),
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500)}` }] };
  }
}

/**
 * GraphiQL learns the operation name of a tab 100 ms after its query editor changes, so a run
 * right after switching tabs sends the previous tab's name, which the server rightly refuses.
 * A name the document does not define is replaced by its only operation's name.
 */
function currentOperationName(query, operationName) {
  let names;
  try {
    names = parse(query)
      .definitions.filter((d) => d.kind === 'OperationDefinition')
      .map((d) => d.name && d.name.value);
  } catch {
    return operationName;
  }
  if (!operationName || names.includes(operationName)) return operationName;
  return names.length === 1 ? names[0] || undefined : operationName;
}

/**
 * sessionStorage under a key derived from the server's settings: edits survive a reload, while a
 * restarted demo (a new dev token, other examples) starts from its own defaults instead of tabs
 * that still carry an expired token. Older namespaces are dropped.
 */
function namespacedStorage(namespace) {
  const prefix = `explorer:${namespace}:`;
  const store = window.sessionStorage;
  const keys = () => Object.keys(store).filter((key) => key.startsWith(prefix));
  for (const key of Object.keys(store)) if (key.startsWith('explorer:') && !key.startsWith(prefix)) store.removeItem(key);
  return {
    getItem: (key) => store.getItem(prefix + key),
    setItem: (key, value) => store.setItem(prefix + key, value),
    removeItem: (key) => store.removeItem(prefix + key),
    clear: () => keys().forEach((key) => store.removeItem(key)),
    get length() {
      return keys().length;
    },
  };
}

createRoot(document.getElementById('explorer')).render(
  <GraphiQL
    fetcher={fetcher}
    defaultTabs={config.tabs.length > 0 ? config.tabs : undefined}
    defaultHeaders={config.headers}
    shouldPersistHeaders
    storage={namespacedStorage(config.storageKey)}
    defaultEditorToolsVisibility={config.tabs.some((tab) => tab.variables) ? 'variables' : config.headers ? 'headers' : false}
    isHeadersEditorEnabled
  />,
);
