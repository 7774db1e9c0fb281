import { expect } from 'chai';
import { GrammyError, HttpError } from 'grammy';
import { classifyApiError, redactToken } from '../../../service/src/channels/telegram';

const answered = (error_code: number, description: string, parameters = {}) =>
  new GrammyError("Call to 'sendMessage' failed!", { ok: false, error_code, description, parameters }, 'sendMessage', {});

describe('Bot API failures', () => {
  it('tells a 429, a block, a bad token, a refusal and an outage apart', () => {
    expect(classifyApiError(answered(429, 'Too Many Requests: retry after 7', { retry_after: 7 }))).to.include({ kind: 'flood', retryAfterSeconds: 7, code: '429' });
    expect(classifyApiError(answered(403, 'Forbidden: bot was blocked by the user'))).to.include({ kind: 'forbidden', description: 'Forbidden: bot was blocked by the user' });
    expect(classifyApiError(answered(401, 'Unauthorized')).kind).to.equal('bad_token');
    expect(classifyApiError(answered(400, 'Bad Request: message text is empty')).kind).to.equal('refused');
    expect(classifyApiError(answered(502, 'Bad Gateway')).kind).to.equal('unavailable');
  });

  it('tells a chat that is gone, and a group moved to a supergroup, from other refusals', () => {
    expect(classifyApiError(answered(400, 'Bad Request: chat not found'))).to.include({ kind: 'chat_gone', code: '400' });
    expect(classifyApiError(answered(400, 'Bad Request: group chat was deactivated')).kind).to.equal('chat_gone');
    const moved = answered(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -1001234567890 });
    expect(classifyApiError(moved)).to.include({ kind: 'migrated', newChatId: -1001234567890 });
  });

  it('retries a refused connection but never a call lost in flight', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(classifyApiError(new HttpError("Network request for 'sendMessage' failed!", refused))).to.include({ kind: 'unavailable', code: 'ECONNREFUSED' });
    expect(classifyApiError(new HttpError("Network request for 'sendMessage' failed!", reset))).to.include({ kind: 'unknown', code: 'ECONNRESET' });
  });

  it('removes bot tokens from any text about a call', () => {
    const text = 'request to https://api.telegram.org/bot7000000001:AAFakeShopcastTestToken_0123456789abcd/getMe failed';
    expect(redactToken(text)).to.equal('request to https://api.telegram.org/bot***/getMe failed');
    expect(classifyApiError(new Error(text)).description).to.not.include('AAFake');
  });
});
