// Amounts in Chinese capital numerals (人民币大写) as written on receipts and service reports.
const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const GROUP_UNITS = ['', '万', '亿', '万亿'];

/** One group of up to four digits ("1020" → 壹仟零贰拾); leading zeros of the group are handled by the caller. */
function group(n: number): string {
  let out = '';
  let zero = false;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Math.floor(n / 10 ** pos) % 10;
    if (d === 0) {
      if (out) zero = true;
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d]! + SMALL_UNITS[pos]!;
  }
  return out;
}

function yuanPart(yuan: number): string {
  if (yuan === 0) return '';
  const groups: number[] = [];
  for (let v = yuan; v > 0; v = Math.floor(v / 10000)) groups.push(v % 10000);
  let out = '';
  let pendingZero = false;
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) {
      if (out) pendingZero = true;
      continue;
    }
    // a gap inside the number (1,0005 or 10,0500) is read as one 零
    if (out && (pendingZero || g < 1000)) out += '零';
    pendingZero = false;
    out += group(g) + GROUP_UNITS[i]!;
  }
  return out + '元';
}

/**
 * An amount in fen (分) as 人民币大写: 123456 → 壹仟贰佰叁拾肆元伍角陆分, 100 → 壹元整, 0 → 零元整.
 * Negative amounts get 负. Follows the usual receipt rules: 整 after whole yuan (or whole jiao), 零 for gaps.
 */
export function toChineseCapital(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError('fen must be a safe integer');
  if (fen < 0) return '负' + toChineseCapital(-fen);
  if (fen === 0) return '零元整';
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  let out = yuanPart(yuan);
  if (jiao === 0 && cents === 0) return out + '整';
  if (jiao > 0) out += DIGITS[jiao]! + '角';
  else if (yuan > 0) out += '零';
  if (cents > 0) out += DIGITS[cents]! + '分';
  else out += '整';
  return out;
}
