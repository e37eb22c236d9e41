import { plotsInScope } from '../../domain/compensation/offers.js';
import type { Homestead } from '../../domain/model/household.js';
import type { AgreementContent, AgreementContentInput } from './agreementTypes.js';
import { ATTACHMENT_LABELS, areaText, STRUCTURE_LABELS } from './labels.js';
import { collectiveName, placeOf } from './parties.js';

/**
 * 退出标的: what the household gives up, as the registry records it — the homestead parcels with their
 * 房地一体 certificates, areas and buildings; the contract plots in scope; the shares. Only facts that do
 * not change after signing are shown (not a parcel's registry status, which becomes `exited`, nor the
 * household's share holding, which falls by the shares exited), so the same case gives the same text.
 */
export type AgreementSubject = AgreementContent['subject'];

function attachmentsText(parcel: Homestead): string {
  if (parcel.attachments.length === 0) return '无';
  return parcel.attachments
    .map((a) => {
      const label = ATTACHMENT_LABELS[a.item];
      return `${label.name} ${areaText(a.quantity).replace(/\.00$/, '')} ${label.unit}`;
    })
    .join('；');
}

function buildingText(parcel: Homestead): string {
  const b = parcel.building;
  if (!b) return '无';
  return `${areaText(b.floorAreaM2)} m²，${STRUCTURE_LABELS[b.structure]}，${b.yearBuilt} 年建`;
}

export function parcelsInCase(input: AgreementContentInput): Homestead[] {
  const app = input.case.application;
  if (app.type !== 'homestead_exit') return [];
  return input.household.homesteads.filter((p) => app.parcelIds.includes(p.parcelId));
}

function homesteadSubject(input: AgreementContentInput): AgreementSubject {
  const place = placeOf(input);
  const parcels = parcelsInCase(input);
  return {
    intro: `甲方自愿有偿退出位于${place.district}${place.town}${place.village}的下列宅基地使用权，连同地上房屋及附属物一并交由乙方收储：`,
    table: {
      columns: [
        { title: '宗地' },
        { title: '不动产权证书编号' },
        { title: '宅基地面积（m²）', numeric: true },
        { title: '房屋（建筑面积、结构）' },
        { title: '附属物' },
      ],
      rows: parcels.map((p) => [
        p.parcelId,
        p.certificateNo,
        areaText(p.areaM2),
        buildingText(p),
        attachmentsText(p),
      ]),
    },
    notes: ['面积以不动产登记簿记载为准；房屋和附属物按本协议第三条计价。'],
  };
}

function contractLandSubject(input: AgreementContentInput): AgreementSubject {
  const app = input.case.application;
  if (app.type !== 'contract_land_exit') throw new Error('not a contract-land case');
  const plots = plotsInScope(app, input.household);
  const place = placeOf(input);
  const scope = app.scope === 'all' ? '全部' : '部分';
  // 二(二)4(2): 仅退出本轮承包期内的, 或永久退出在本农村集体经济组织内部的家庭土地承包经营权利
  const term =
    app.term === 'permanent'
      ? '永久退出（退回本集体经济组织内部）'
      : '仅退出本轮承包期内的权利（至各地块承包期届满）';
  const notes = ['面积以农村土地承包经营权登记簿记载为准。'];
  if (plots.some((p) => p.status === 'leased')) {
    notes.push(
      `已流转的地块，原流转合同由${collectiveName(place)}（或其指定的承接方）承继，流转期内继续履行。`,
    );
  }
  return {
    intro: `甲方自愿有偿退出其在${place.village}承包的${scope}承包地的土地承包经营权，${term}：`,
    table: {
      columns: [{ title: '地块编号' }, { title: '面积（亩）', numeric: true }, { title: '承包期至' }],
      rows: plots.map((p) => [p.plotId, areaText(p.areaMu, 4), p.termEnd]),
    },
    notes,
  };
}

function equitySubject(input: AgreementContentInput): AgreementSubject {
  const app = input.case.application;
  if (app.type !== 'equity_exit') throw new Error('not an equity case');
  const place = placeOf(input);
  const goes = input.case.equity?.sharesGoTo;
  const rows = [['本次退出股数', `${app.shares} 股`]];
  if (goes) {
    rows.push(['退出股权的去向', goes === 'collective_share' ? '纳入集体股' : '量化到本组织成员']);
  }
  return {
    intro: `甲方自愿有偿退出其持有的${collectiveName(place)}集体资产股权：`,
    table: { columns: [{ title: '项目' }, { title: '内容' }], rows },
    notes: [
      '每股价值为乙方最近一期经审计的每股净资产，见本协议第三条。',
      // 二(二)5: 经成员(代表)会议研究讨论通过,分别采取纳入集体股或量化到本组织成员等方式使用
      '退出的股权经成员（代表）会议研究讨论通过后，纳入集体股或量化到本组织成员。',
    ],
  };
}

export function agreementSubject(input: AgreementContentInput): AgreementSubject {
  switch (input.case.type) {
    case 'homestead_exit':
      return homesteadSubject(input);
    case 'contract_land_exit':
      return contractLandSubject(input);
    case 'equity_exit':
      return equitySubject(input);
  }
}
