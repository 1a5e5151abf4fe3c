// The return-visit questionnaire (tool 23 / §4.4): on time? solved? attitude, fees per list, 吃拿卡要, rating, comment.
import { Form, Input, Radio, Rate } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TVisitAnswers } from '@kehu/shared';

export type VisitFormValues = Partial<TVisitAnswers> & { followUp?: 'rework' | 'complaint' | 'none' };

/** All questions answered (the comment is optional). */
export function answersComplete(v: VisitFormValues): v is VisitFormValues & TVisitAnswers {
  return typeof v.onTime === 'boolean' && typeof v.solved === 'boolean' && typeof v.feesOk === 'boolean' && typeof v.misconduct === 'boolean' && !!v.attitude && !!v.rating;
}

export function VisitQuestions(props: { large?: boolean }) {
  const { t } = useTranslation();
  const required = { required: true, message: t('common.required') };
  const yesNo = (name: keyof TVisitAnswers) => (
    <Form.Item name={name} label={t(`service.orders.visit.${name}`)} rules={[required]}>
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        size={props.large ? 'large' : 'middle'}
        data-testid={`visit-${name}`}
        options={[
          { value: true, label: t('service.orders.public.yes') },
          { value: false, label: t('service.orders.public.no') },
        ]}
      />
    </Form.Item>
  );
  const rate = (name: 'attitude' | 'rating') => (
    <Form.Item name={name} label={t(`service.orders.visit.${name}`)} rules={[required]}>
      <Rate data-testid={`visit-${name}`} style={props.large ? { fontSize: 32 } : undefined} />
    </Form.Item>
  );
  return (
    <>
      {yesNo('onTime')}
      {yesNo('solved')}
      {rate('attitude')}
      {yesNo('feesOk')}
      {yesNo('misconduct')}
      {rate('rating')}
      <Form.Item name="comment" label={t('service.orders.visit.comment')}>
        <Input.TextArea rows={3} maxLength={1000} data-testid="visit-comment" />
      </Form.Item>
    </>
  );
}
