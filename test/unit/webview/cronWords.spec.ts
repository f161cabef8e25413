import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { describeCron } from '../../../webview/agents/cronWords';

describe('an agent schedule in words', () => {
  it('says how often the built-in agents check', () => {
    assert.equal(describeCron('*/10 * * * *'), 'every 10 minutes');
    assert.equal(describeCron('*/15 * * * *'), 'every 15 minutes');
    assert.equal(describeCron('* * * * *'), 'every minute');
  });

  it('names hourly and daily times as a clock shows them', () => {
    assert.equal(describeCron('0 * * * *'), 'hourly');
    assert.equal(describeCron('5 * * * *'), 'hourly at :05');
    assert.equal(describeCron('0 3 * * *'), 'daily at 03:00');
    assert.equal(describeCron('30 8,17 * * *'), 'daily at 08:30 and 17:30');
    assert.equal(describeCron('0 */2 * * *'), 'every 2 hours');
  });

  it('names the days: weekdays, weekends, named days and a day of the month', () => {
    assert.equal(describeCron('0 9 * * 1-5'), 'at 09:00 on weekdays');
    assert.equal(describeCron('0 10 * * sat,sun'), 'at 10:00 on weekends');
    assert.equal(describeCron('0 9 * * 1,3'), 'at 09:00 on Mondays and Wednesdays');
    assert.equal(describeCron('0 0 1 * *'), 'at 00:00 on day 1 of the month');
    assert.equal(describeCron('*/30 9-17 * * 1-5'), 'every 30 minutes from 09:00 to 17:59 on weekdays');
  });

  it('reads node-cron six-field expressions with seconds', () => {
    assert.equal(describeCron('0 */10 * * * *'), 'every 10 minutes');
    assert.equal(describeCron('*/30 * * * * *'), 'every 30 seconds');
  });

  it('shows an expression it cannot paraphrase as it is, never a wrong paraphrase', () => {
    assert.equal(describeCron('0 0 * 2 *'), 'cron "0 0 * 2 *"');
    assert.equal(describeCron('0 0 13 * 5'), 'cron "0 0 13 * 5"');
    assert.equal(describeCron('not a cron'), 'cron "not a cron"');
    assert.equal(describeCron('61 * * * *'), 'cron "61 * * * *"');
  });
});
