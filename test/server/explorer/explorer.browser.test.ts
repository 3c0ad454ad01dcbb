/**
 * The explorer as a person uses it: headless Chromium that can reach loopback only opens
 * /explorer on a demo-mode gateway, runs the example checkout query with the pre-filled dev token
 * and sees the profile in the result pane; and Apollo Sandbox at /graphql, with Apollo's CDN out
 * of reach, switches over to the explorer by itself. Screenshots: test-output/explorer/.
 */
import { decodeJwt } from 'jose';
import type { Page } from 'playwright-core';
import { DEMO_PROFILES } from '../../../src/sandbox/seed';
import { exampleOperations } from '../../graphql/support/operations';
import { describeWithChromium, launchLoopbackBrowser, type LoopbackBrowser } from './browser';
import { startDemoStack, type DemoStack } from './demo-stack';

const describeBrowser = describeWithChromium();

// Launching Chromium and bundling the explorer on first use take a few seconds on a busy machine.
jest.setTimeout(90_000);

// Page functions reach the DOM through `globalThis`: the tests are type-checked without the DOM's
// types. Functions rather than strings, because the page's CSP forbids eval (Playwright's string
// predicates use it).
type PageGlobal = { document: { querySelectorAll(selector: string): Iterable<{ CodeMirror: { getValue(): string; setValue(v: string): void } }> } };

/** The text of every CodeMirror editor matching `selector` (GraphiQL 3 keeps the instance on its element). */
const editorValues = (page: Page, selector: string) =>
  page.evaluate(
    (s) => [...(globalThis as unknown as PageGlobal).document.querySelectorAll(s)].map((element) => element.CodeMirror.getValue()),
    selector,
  );

/**
 * Runs the open tab and returns the parsed result pane once it holds an answer. GraphiQL fills a
 * tab's editors shortly after it is shown, so this first waits for the query (and variables).
 */
async function runOpenTab(page: Page, options: { variables: boolean }): Promise<{ data?: any; errors?: unknown[] }> {
  const resultPane = '.result-window .CodeMirror';
  // In document order: query, variables, headers, result.
  await page.waitForFunction((needVariables) => {
    const editors = [...(globalThis as unknown as PageGlobal).document.querySelectorAll('.graphiql-container .CodeMirror')];
    return editors.length === 4 && editors[0].CodeMirror.getValue() !== '' && (!needVariables || editors[1].CodeMirror.getValue() !== '');
  }, options.variables);
  await page.evaluate((s) => [...(globalThis as unknown as PageGlobal).document.querySelectorAll(s)][0].CodeMirror.setValue(''), resultPane);
  await page.locator('.graphiql-execute-button').click();
  await page.waitForFunction(
    (s) => [...(globalThis as unknown as PageGlobal).document.querySelectorAll(s)][0].CodeMirror.getValue().trim().startsWith('{'),
    resultPane,
  );
  const [result] = await editorValues(page, resultPane);
  return JSON.parse(result);
}

describeBrowser('the local explorer in Chromium, offline', () => {
  let demo: DemoStack;
  let browser: LoopbackBrowser;

  beforeAll(async () => {
    demo = await startDemoStack();
    browser = await launchLoopbackBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('runs the example checkout query with the dev token and shows the profile', async () => {
    const { page } = browser;
    await page.goto(`${demo.origin}/explorer`);
    await page.locator('.graphiql-container').waitFor();

    // The example operations are there as tabs, the checkout query first.
    const titles = (await page.locator('.graphiql-tab').allInnerTexts()).map((title) => title.trim());
    expect(titles[0]).toBe('CheckoutProfile');
    expect(titles).toEqual(expect.arrayContaining(exampleOperations().map((operation) => operation.name)));

    // The headers pane holds the operator dev token.
    await page.getByRole('button', { name: 'Headers' }).click();
    const headers = (await editorValues(page, '.graphiql-editor-tool .CodeMirror')).find((value) => value.includes('Authorization'));
    expect(headers).toBeDefined();
    const { Authorization } = JSON.parse(headers!) as { Authorization: string };
    expect(decodeJwt(Authorization.replace(/^Bearer /, ''))).toMatchObject({ sub: 'demo-operator' });

    const result = await runOpenTab(page, { variables: false });
    const zoe = DEMO_PROFILES[0];
    expect(result.errors).toBeUndefined();
    expect(result.data.customerProfile).toMatchObject({
      profileGuid: zoe.profileGuid,
      customer: { firstName: 'Zoë', lastName: 'Müller', billingCountry: 'AT' },
      preferredInstrument: { method: expect.any(String), paymentData: { brand: expect.any(String) } },
    });
    await browser.screenshot(page, 'explorer-checkout.png');

    // Another tab runs with its example variables.
    await page.locator('.graphiql-tab', { hasText: 'GetProfileByGuid' }).click();
    const byGuid = await runOpenTab(page, { variables: true });
    expect(byGuid.errors).toBeUndefined();
    expect(byGuid.data.customerProfile.profileGuid).toBe('CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d');

    // The documentation (from introspection) and a dialog: Radix's <style> must pass the CSP too.
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.locator('.graphiql-doc-explorer').getByText('CustomerProfile', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Open settings dialog' }).click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');

    expect(browser.offLoopback).toEqual([]);
    expect(await browser.problems(page)).toEqual([]);
  });

  it('switches from Apollo Sandbox to the explorer when Apollo’s CDN cannot be reached', async () => {
    // A new tab: its own sessionStorage, so the explorer opens on its first example again.
    const page = await browser.context.newPage();
    browser.offLoopback.length = 0;
    await page.goto(`${demo.origin}/graphql`);
    await page.waitForURL(`${demo.origin}/explorer`);
    await page.locator('.graphiql-container').waitFor();

    // What was tried and refused is Apollo's (the embed script, its fonts), nothing of ours.
    expect(browser.offLoopback.some((url) => new URL(url).hostname === 'embeddable-sandbox.cdn.apollographql.com')).toBe(true);
    expect(browser.offLoopback.filter((url) => !/(^|\.)(apollographql\.com|googleapis\.com|gstatic\.com)$/.test(new URL(url).hostname))).toEqual([]);

    const result = await runOpenTab(page, { variables: false });
    expect(result.data.customerProfile.profileGuid).toBe(DEMO_PROFILES[0].profileGuid);
    await browser.screenshot(page, 'sandbox-fallback.png');
    expect(await browser.problems(page)).toEqual([]);
  });
});
