import { useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Button, Group, Modal, NativeSelect, Stack, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fieldError, client } from '../api/client.ts';
import type { Unit, UnitSearchHit, UnitType } from '../api/types.ts';
import { unitKeys } from './keys.ts';
import { UnitPicker } from './UnitPicker.tsx';
import { ErrorText } from '../ui/feedback.tsx';

export type DialogKind = 'add' | 'rename' | 'move' | 'merge' | 'dissolve';

const UNIT_TYPES: UnitType[] = ['province', 'upper_level', 'grassroots', 'grassroots_cell', 'sub_unit', 'cell'];

/** The usual type one level down, as a starting suggestion. */
function childTypeOf(parent: UnitType): UnitType {
  switch (parent) {
    case 'province':
      return 'upper_level';
    case 'upper_level':
      return 'grassroots';
    default:
      return 'cell';
  }
}

interface Props {
  kind: DialogKind | null;
  unit: Unit;
  onClose: () => void;
  onDone: (message?: string) => void;
}

export function UnitDialog({ kind, unit, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const titles: Record<DialogKind, string> = {
    add: t('org.addTitle', { name: unit.name }),
    rename: t('org.renameTitle', { name: unit.name }),
    move: t('org.moveTitle', { name: unit.name }),
    merge: t('org.mergeTitle', { name: unit.name }),
    dissolve: t('org.dissolveTitle', { name: unit.name }),
  };
  return (
    <Modal
      opened={kind !== null}
      onClose={onClose}
      title={kind ? titles[kind] : ''}
      size="lg"
      fullScreen={window.matchMedia('(max-width: 480px)').matches}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      styles={{ title: { fontWeight: 700, fontSize: 20 } }}
    >
      {/* Keyed so each opening starts with an empty form. */}
      {kind && <DialogBody key={kind} kind={kind} unit={unit} onClose={onClose} onDone={onDone} />}
    </Modal>
  );
}

function DialogBody({ kind, unit, onClose, onDone }: Props & { kind: DialogKind }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [code, setCode] = useState('');
  const [name, setName] = useState(kind === 'rename' ? unit.name : '');
  const [shortName, setShortName] = useState(kind === 'rename' ? (unit.shortName ?? '') : '');
  const [type, setType] = useState<UnitType>(childTypeOf(unit.type));
  const [reason, setReason] = useState('');
  const [target, setTarget] = useState<UnitSearchHit | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});

  const mutation = useMutation({
    mutationFn: async (): Promise<string | undefined> => {
      const params = { id: unit.id };
      switch (kind) {
        case 'add':
          await client.post('/api/units', {
            body: { parentId: unit.id, code: code.trim(), name: name.trim(), shortName: shortName.trim() || undefined, type },
          });
          return undefined;
        case 'rename':
          await client.patch('/api/units/:id', {
            params,
            body: { name: name.trim(), shortName: shortName.trim() || undefined, reason: reason.trim() || undefined },
          });
          return undefined;
        case 'move':
          await client.post('/api/units/:id/move', { params, body: { newParentId: target?.id ?? '', reason: reason.trim() } });
          return undefined;
        case 'merge': {
          const res = await client.post('/api/units/:id/merge', {
            params,
            body: { intoId: target?.id ?? '', reason: reason.trim() },
          });
          return t('org.mergeDone', { members: res.movedMembers, units: res.movedUnits });
        }
        case 'dissolve':
          await client.post('/api/units/:id/dissolve', { params, body: { reason: reason.trim() } });
          return undefined;
      }
    },
    onSuccess: async (message) => {
      await qc.invalidateQueries({ queryKey: unitKeys.all });
      onDone(message);
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const need = t('common.required');
    if (kind === 'add' && !code.trim()) errs.code = need;
    if ((kind === 'add' || kind === 'rename') && !name.trim()) errs.name = need;
    if ((kind === 'move' || kind === 'merge') && !target) errs.target = t('org.pickFirst');
    if ((kind === 'move' || kind === 'merge' || kind === 'dissolve') && !reason.trim()) errs.reason = need;
    setLocal(errs);
    if (Object.keys(errs).length === 0) mutation.mutate();
  }

  const err = (field: string, ...serverFields: string[]) =>
    local[field] ?? [field, ...serverFields].map((f) => fieldError(mutation.error, f)).find(Boolean);

  let fields: ReactNode = null;
  switch (kind) {
    case 'add':
      fields = (
        <>
          <TextInput
            label={t('org.code')}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={err('code')}
            autoComplete="off"
          />
          <TextInput
            label={t('org.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={err('name')}
            autoComplete="off"
          />
          <TextInput
            label={t('org.shortName')}
            value={shortName}
            onChange={(e) => setShortName(e.currentTarget.value)}
            error={err('shortName')}
            autoComplete="off"
          />
          <NativeSelect
            label={t('org.type')}
            value={type}
            onChange={(e) => setType(UNIT_TYPES.find((u) => u === e.currentTarget.value) ?? 'cell')}
            data={UNIT_TYPES.map((u) => ({ value: u, label: t(`unitType.${u}`) }))}
            error={err('type')}
          />
        </>
      );
      break;
    case 'rename':
      fields = (
        <>
          <TextInput
            label={t('org.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={err('name')}
            autoComplete="off"
          />
          <TextInput
            label={t('org.shortName')}
            value={shortName}
            onChange={(e) => setShortName(e.currentTarget.value)}
            error={err('shortName')}
            autoComplete="off"
          />
        </>
      );
      break;
    case 'move':
      fields = (
        <UnitPicker
          label={t('org.newParent')}
          value={target}
          onChange={setTarget}
          excludeIds={[unit.id, unit.parentId ?? '']}
          error={err('target', 'newParentId')}
        />
      );
      break;
    case 'merge':
      fields = (
        <>
          <Alert color="yellow" variant="light">
            {t('org.mergeWarn')}
          </Alert>
          <UnitPicker
            label={t('org.survivor')}
            value={target}
            onChange={setTarget}
            excludeIds={[unit.id]}
            error={err('target', 'intoId')}
          />
        </>
      );
      break;
    case 'dissolve':
      fields = (
        <Alert color="yellow" variant="light">
          {t('org.dissolveWarn')}
        </Alert>
      );
      break;
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {fields}
        {kind !== 'add' && (
          <Textarea
            label={t('common.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={err('reason')}
            autosize
            minRows={2}
          />
        )}
        <ErrorText error={mutation.error} />
        <Group grow>
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('common.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
