import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface Props {
  pin: string;
  dateOfBirth: string;
  showTyped: boolean;
  onPin(v: string): void;
  onDateOfBirth(v: string): void;
  error(field: 'pin' | 'dateOfBirth'): string | undefined;
  pinHint?: string;
}

/** The 6-digit PIN and the date of birth it is checked with: the same pair at sign-in and at activation. */
export function PinFields({ pin, dateOfBirth, showTyped, onPin, onDateOfBirth, error, pinHint }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput
        label={t('signIn.pin')}
        description={pinHint}
        name="pin"
        type={showTyped ? 'text' : 'password'}
        inputMode="numeric"
        autoComplete="off"
        maxLength={6}
        value={pin}
        onChange={(e) => onPin(e.currentTarget.value.replace(/\D/g, ''))}
        error={error('pin')}
      />
      <TextInput
        label={t('signIn.dateOfBirth')}
        name="dateOfBirth"
        type="date"
        value={dateOfBirth}
        onChange={(e) => onDateOfBirth(e.currentTarget.value)}
        error={error('dateOfBirth')}
      />
    </>
  );
}
