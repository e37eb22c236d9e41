import { useTranslation } from 'react-i18next';
import { fetchNoticeList } from '../../api/documents';
import { IssuedPdfButton } from '../../components/IssuedPdfButton';
import { formatDate } from '../../lib/format';

/**
 * 打印公示名单 (issue 15): the village's public notice list of today as a PDF to print and post, drawn
 * up by the server from every case of the village now in public notice.
 */
export function NoticeListCard({ village }: { village: string }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card" aria-labelledby="notice-list-title">
      <h2 id="notice-list-title">{t('issuedPdf.noticeListTitle')}</h2>
      <p className="meta">{t('issuedPdf.noticeListHint')}</p>
      <IssuedPdfButton fetchDoc={() => fetchNoticeList(village)} label={t('issuedPdf.noticeList')}>
        {(doc) => t('issuedPdf.noticeListDone', { n: doc.cases, date: formatDate(doc.asOf, i18n.language) })}
      </IssuedPdfButton>
    </section>
  );
}
