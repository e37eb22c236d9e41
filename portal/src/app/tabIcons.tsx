/**
 * The phone's bottom tab bar shows each main page with an icon above its name (inline SVG, as the rest
 * of the portal: no icon font, no emoji). One icon per kind of page; a page without one gets the list.
 */
const common = {
  width: 22,
  height: 22,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
  focusable: false,
};

const PATHS: Record<string, string[]> = {
  home: ['M3 11 12 3l9 8', 'M5 10v10h5v-6h4v6h5V10'],
  plus: ['M12 5v14', 'M5 12h14', 'M4 3h16v18H4z'],
  bell: ['M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9', 'M10.3 21a1.94 1.94 0 0 0 3.4 0'],
  flag: ['M4 22V4', 'M4 4h13l-2 4 2 4H4'],
  list: ['M8 6h13', 'M8 12h13', 'M8 18h13', 'M3 6h.01', 'M3 12h.01', 'M3 18h.01'],
  chart: ['M3 3v18h18', 'M7 15l4-4 3 3 5-6'],
  coin: ['M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20z', 'M8 8l4 5 4-5', 'M8 13h8', 'M12 13v5'],
  search: ['M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14z', 'M21 21l-5-5'],
  logout: ['M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4', 'M16 17l5-5-5-5', 'M21 12H9'],
  land: ['M3 20h18', 'M5 20V9l7-5 7 5v11', 'M9 20v-6h6v6'],
  upload: ['M12 15V3', 'M7 8l5-5 5 5', 'M4 15v4a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-4'],
};

const ICON_OF: Record<string, keyof typeof PATHS> = {
  'nav.myCases': 'home',
  'nav.apply': 'plus',
  'nav.inbox': 'bell',
  'nav.objection': 'flag',
  'nav.reviewQueue': 'list',
  'nav.townQueue': 'list',
  'nav.districtQueue': 'list',
  'nav.auditCases': 'list',
  'nav.fundQueue': 'list',
  'nav.fundDashboard': 'chart',
  'nav.ledger': 'coin',
  'nav.replenish': 'plus',
  'nav.registry': 'search',
  'nav.registryImport': 'upload',
  'nav.landVillage': 'land',
  'nav.landDisposal': 'land',
  'nav.landCancellation': 'land',
  'nav.signOut': 'logout',
};

export function TabIcon({ navKey }: { navKey: string }) {
  return (
    <svg {...common} aria-hidden="true">
      {(PATHS[ICON_OF[navKey] ?? 'list'] ?? []).map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
