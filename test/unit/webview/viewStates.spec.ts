import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorState, loadingState } from '../../../webview/shared/viewStates';
import { templateHtml, visibleText } from './templateHtml';

describe('view loading and error states', () => {
  it('loading says what the view waits for, announced as a status', () => {
    const html = templateHtml(loadingState('Loading your tasks…'));
    assert.match(html, /role="status"/);
    assert.equal(visibleText(html), 'Loading your tasks…');
  });

  it('an error shows the message as an alert, the way forward, and Retry — busy while retrying', () => {
    const idle = templateHtml(errorState({ error: 'The engine stopped <b>now</b>', hint: 'Run "MetaHuman: Show Status".', retry: () => undefined, retryId: 'tasks-retry' }));
    assert.match(idle, /role="alert"/);
    assert.ok(idle.includes('&lt;b&gt;now&lt;/b&gt;'), 'the message is text, never markup');
    assert.equal(visibleText(idle), 'The engine stopped <b>now</b> Run "MetaHuman: Show Status". Retry');
    assert.match(idle, /id="tasks-retry"/);
    assert.doesNotMatch(idle, /disabled/);

    const busy = templateHtml(errorState({ error: 'x', hint: 'y', retry: () => undefined, retrying: true }));
    assert.match(busy, /id="retry"[^>]*disabled/);
    assert.match(visibleText(busy), /Retrying…$/);
  });
});
