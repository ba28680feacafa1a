import { describe, expect, test } from '@jest/globals';
import { parseMsgId } from '../../run-folder/message-fields.js';

describe('parseMsgId', () => {
  test('<sender>-<n>', () => {
    expect(parseMsgId('12-345')).toEqual([12, 345]);
    expect(parseMsgId('-1')).toBeNull();
    expect(parseMsgId('1-')).toBeNull();
    expect(parseMsgId('a-1')).toBeNull();
  });
});
