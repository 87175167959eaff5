import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeCccd } from '../validation/cccd.ts';
import { addMonthsIso, certainFixes, checkMember, type CheckableMember } from './checks.ts';
import { headerKey, matchHeaders, recognizeHeader } from './headers.ts';
import { encodeTcvn3, encodeVni } from './encodings.ts';

const today = '2026-03-01';
const good: CheckableMember = {
  fullName: 'Nguyễn Thị Thúy',
  dateOfBirth: '1975-04-30',
  sex: 'female',
  cccd: '086175123456', // 086 province, 1 = female 1900s, 75
  phone: '0912345678',
  partyCardNumber: '86.104729',
  admissionDate: '2000-05-19',
  officialDate: '2001-05-19',
  status: 'official',
};
const codes = (m: Partial<CheckableMember>, opts = {}) => checkMember({ ...good, ...m }, { today, ...opts }).map((p) => p.code);

describe('checkMember', () => {
  it('passes a clean record', () => expect(codes({})).toEqual([]));
  it('NFC and name casing', () => {
    expect(codes({ fullName: 'Nguyễn Thị Thúy'.normalize('NFD') })).toEqual(['text.not_nfc']);
    expect(codes({ hometown: 'Hà Nội'.normalize('NFD') })).toEqual(['text.not_nfc']);
    expect(codes({ fullName: 'NGUYỄN THỊ THÚY' })).toEqual(['name.casing']);
    expect(codes({ fullName: 'nguyễn thị thúy' })).toEqual(['name.casing']);
    expect(codes({ fullName: 'Nguyễn  Thị Thúy' })).toEqual(['name.casing']);
    expect(codes({ fullName: 'Nguyễn Thị Thúy 2' })).toEqual(['name.characters']);
  });
  it('CCCD agreeing and disagreeing with date of birth and sex', () => {
    expect(codes({ cccd: '001175000001' })).toEqual([]);
    expect(codes({ cccd: '086075123456' })).toEqual(['cccd.sex_mismatch']); // 0 = male
    expect(codes({ cccd: '086176123456' })).toEqual(['cccd.year_mismatch']);
    expect(codes({ cccd: '086375123456' })).toEqual(['cccd.year_mismatch']); // 3 = female 2000s → 2075
    expect(codes({ cccd: '08617512345' })).toEqual(['cccd.format']);
    expect(codes({ cccd: '000175123456' })).toEqual(['cccd.province']);
    expect(codes({ sex: 'male', cccd: makeCccd(1, 'male', '1975-04-30', 5) })).toEqual([]);
    expect(
      codes({ dateOfBirth: '2001-02-03', admissionDate: '2020-01-01', officialDate: '2021-01-01', cccd: '001301000001' }),
    ).toEqual([]);
  });
  it('phone form', () => {
    expect(codes({ phone: '+84912345678' })).toEqual(['phone.form']);
    expect(codes({ phone: '0912.345.678' })).toEqual(['phone.form']);
    expect(codes({ phone: '0212345678' })).toEqual(['phone.invalid']);
    expect(codes({ phone: null })).toEqual([]);
  });
  it('age at admission, probation and official dates', () => {
    expect(codes({ admissionDate: '1993-04-29', officialDate: '1994-05-01' })).toEqual(['admission.under_18']);
    expect(codes({ admissionDate: '1993-04-30', officialDate: '1994-04-30' })).toEqual([]);
    expect(codes({ officialDate: '2001-05-18' })).toEqual(['official.too_soon']);
    expect(codes({ officialDate: '2000-01-01' })).toEqual(['official.before_admission']);
    expect(codes({ status: 'probationary', officialDate: null, partyCardNumber: null, admissionDate: '2025-02-28' })).toEqual([
      'probation.overdue',
    ]);
    expect(codes({ status: 'probationary', officialDate: null, partyCardNumber: null, admissionDate: '2025-03-01' })).toEqual([]);
    expect(codes({ dateOfBirth: '2027-01-01', cccd: null })).toEqual(expect.arrayContaining(['date.future', 'required.cccd']));
  });
  it('required fields and the configurable card pattern', () => {
    expect(codes({ dateOfBirth: null })).toEqual(['required.date_of_birth']);
    expect(codes({ sex: null })).toEqual(['required.sex']);
    expect(codes({ admissionDate: null })).toEqual(['required.admission_date']);
    expect(codes({ officialDate: null })).toEqual(['required.official_date']);
    expect(codes({ partyCardNumber: null })).toEqual(['required.party_card_number']);
    expect(codes({ partyCardNumber: '86104729' })).toEqual(['card.pattern']);
    expect(codes({ partyCardNumber: '86104729' }, { cardPattern: '^\\d{8}$' })).toEqual([]);
  });
  it('certain fixes clear exactly their problems', () => {
    const broken = { ...good, fullName: 'NGUYỄN THỊ THÚY'.normalize('NFD'), phone: '+84 912 345 678' };
    const fixed = { ...broken, ...certainFixes(broken) };
    expect(fixed.fullName).toBe('Nguyễn Thị Thúy');
    expect(fixed.phone).toBe('0912345678');
    expect(checkMember(fixed, { today })).toEqual([]);
  });
  it('property: addMonthsIso(12) is never less than a year later and stays a real date', () => {
    const day = fc
      .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, (iso) => {
        const next = addMonthsIso(iso, 12);
        expect(Number(next.slice(0, 4))).toBe(Number(iso.slice(0, 4)) + 1);
        expect(Number.isNaN(Date.parse(next))).toBe(false);
      }),
    );
  });
});

describe('headers', () => {
  it('recognizes the usual names with or without diacritics, in legacy encodings too', () => {
    expect(recognizeHeader('Họ và tên')).toBe('fullName');
    expect(recognizeHeader('HO VA TEN')).toBe('fullName');
    expect(recognizeHeader('Ngày sinh (dd/mm/yyyy)')).toBe('dateOfBirth');
    expect(recognizeHeader('Số CCCD/ĐDCN')).toBeNull();
    expect(recognizeHeader('CMND/CCCD')).toBe('cccd');
    expect(recognizeHeader('SĐT')).toBe('phone');
    expect(recognizeHeader('Ngày vào Đảng')).toBe('admissionDate');
    expect(recognizeHeader(encodeTcvn3('Ngày vào Đảng chính thức'))).toBe('officialDate');
    expect(recognizeHeader(encodeVni('Quê quán'))).toBe('hometown');
    expect(recognizeHeader('Chi bộ')).toBe('cell');
    expect(headerKey('  Số   thẻ   Đảng ')).toBe('so the dang');
  });
  it('maps columns in any order; the mapping step wins; a field is taken once', () => {
    const m = matchHeaders(['STT', 'Giới tính', 'Họ tên', 'Cột lạ', 'Họ và tên'], { 'Cột lạ': 'notes' });
    expect(m.map((c) => c.target)).toEqual(['ignore', 'sex', 'fullName', 'notes', null]);
  });
});
