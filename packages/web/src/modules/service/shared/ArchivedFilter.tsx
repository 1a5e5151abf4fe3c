// The live / archived / all filter of the service catalogues and lists.
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';

export type ArchivedState = 'false' | 'true' | 'all';

export function ArchivedFilter(props: { value: ArchivedState | undefined; onChange: (v: ArchivedState) => void; width: number }) {
  const { t } = useTranslation();
  return (
    <Select
      style={{ width: props.width }}
      value={props.value}
      aria-label={t('service.catalogue.archivedFilter')}
      onChange={props.onChange}
      options={[
        { value: 'false', label: t('service.catalogue.live') },
        { value: 'true', label: t('service.catalogue.archived') },
        { value: 'all', label: t('service.catalogue.all') },
      ]}
    />
  );
}
