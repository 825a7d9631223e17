import type { RateTable } from './table';

/**
 * The rate table shipped with the gateway, used until a live feed (`RATES_URL`) answers and kept as
 * the last resort. It is indicative: euro reference rates in the ECB's form for the currencies the
 * ECB covers, and central-bank reference rates, converted to the euro, for those it does not.
 * Deployments that quote prices to buyers set `RATES_URL`.
 */
export const BUNDLED_RATES: RateTable = {
  base: 'EUR',
  asOf: '2026-11-20',
  source: 'Indicative euro reference rates (ECB method), bundled with the gateway',
  dates: {},
  sources: {
    VND: 'State Bank of Vietnam central rate via USD (indicative, bundled)',
    TWD: 'Central Bank of the Republic of China (Taiwan) (indicative, bundled)',
    CLP: 'Banco Central de Chile dólar observado via USD (indicative, bundled)',
    PEN: 'Banco Central de Reserva del Perú via USD (indicative, bundled)',
    PGK: 'Bank of Papua New Guinea via USD (indicative, bundled)',
    RUB: 'Bank of Russia official rate (indicative, bundled)',
    BND: 'Brunei dollar at par with the Singapore dollar (Currency Interchangeability Agreement)',
  },
  rates: {
    AUD: '1.7810',
    BND: '1.5085',
    CAD: '1.6230',
    CLP: '1093.50',
    CNY: '8.2540',
    HKD: '9.0310',
    IDR: '19362.50',
    JPY: '178.42',
    KRW: '1688.90',
    MXN: '21.3420',
    MYR: '4.8530',
    NZD: '2.0315',
    PEN: '3.9210',
    PGK: '4.9080',
    PHP: '68.115',
    RUB: '93.480',
    SGD: '1.5085',
    THB: '37.512',
    TWD: '35.812',
    USD: '1.1612',
    VND: '30545',
  },
};
