import { describe, expect, it } from 'vitest';
import { inProcessGateway } from './helpers/gateway';

/**
 * The shipped sample catalogues hold true data: HS codes, Viet Nam's provinces and addresses since
 * 1 July 2025, first-level subdivisions as addressRegion, and sample barcodes outside any real
 * company's prefix. Read as the portal reads them, in process (app.request()).
 */

const server = inProcessGateway();

describe('data the samples got wrong', () => {
  const product = async (id: string) =>
    (
      await server.graphql(
        `query($id: ID!) { product(id: $id) { hsCode gtin producer { region } origin { country region locality } certifications { scheme issuer validUntil } } }`,
        { id },
      )
    ).data.product;

  it('HS codes: dried shiitake 0712.34, dried snakehead 0305.52, finished silk shawls 6214.10', async () => {
    for (const id of ['jp-ovop:OITA-0005', 'jp-ovop:OITA-0006']) expect((await product(id)).hsCode).toBe('071234');
    expect((await product('vn-ocop:AG-0001')).hsCode).toBe('030552');
    for (const id of ['id-ovop:IDN-0004', 'id-ovop:IDN-0021', 'my-ovop:MY-0003', 'my-ovop:MY-0004']) expect((await product(id)).hsCode).toBe('621410');
  });

  it('Vietnam’s addresses since 1 July 2025: merged provinces, no districts', async () => {
    const expected: Record<string, string> = {
      'vn-ocop:LS-0001': 'Lạng Sơn',
      'vn-ocop:KG-0001': 'An Giang',
      'vn-ocop:BG-0001': 'Bắc Ninh',
      'vn-ocop:TV-0001': 'Vĩnh Long',
      'vn-ocop:BT-0001': 'Lâm Đồng',
      'vn-ocop:HG-0001': 'Tuyên Quang',
      'vn-ocop:ST-0001': 'Cần Thơ',
      'vn-ocop:DL-0001': 'Đắk Lắk',
    };
    for (const [id, province] of Object.entries(expected)) {
      const p = await product(id);
      expect(p.origin.region).toBe(province);
      expect(p.origin.locality ?? '').not.toMatch(/,|Huyện|Quận|Thị xã|Thành phố/i);
    }
  });

  it('every Vietnamese product sits in one of the 34 provinces, and certificates issued since 1 July 2025 name the new units', async () => {
    const PROVINCES = [
      'Hà Nội',
      'Huế',
      'Lai Châu',
      'Điện Biên',
      'Sơn La',
      'Lạng Sơn',
      'Quảng Ninh',
      'Thanh Hóa',
      'Nghệ An',
      'Hà Tĩnh',
      'Cao Bằng',
      'Tuyên Quang',
      'Lào Cai',
      'Thái Nguyên',
      'Phú Thọ',
      'Bắc Ninh',
      'Hưng Yên',
      'Hải Phòng',
      'Ninh Bình',
      'Quảng Trị',
      'Đà Nẵng',
      'Quảng Ngãi',
      'Gia Lai',
      'Khánh Hòa',
      'Lâm Đồng',
      'Đắk Lắk',
      'Hồ Chí Minh',
      'Đồng Nai',
      'Tây Ninh',
      'Cần Thơ',
      'Vĩnh Long',
      'Đồng Tháp',
      'Cà Mau',
      'An Giang',
    ];
    const ABOLISHED = [
      'Hà Giang',
      'Yên Bái',
      'Bắc Kạn',
      'Vĩnh Phúc',
      'Hòa Bình',
      'Bắc Giang',
      'Thái Bình',
      'Hải Dương',
      'Hà Nam',
      'Nam Định',
      'Quảng Bình',
      'Quảng Nam',
      'Kon Tum',
      'Bình Định',
      'Ninh Thuận',
      'Đắk Nông',
      'Bình Thuận',
      'Phú Yên',
      'Bình Phước',
      'Bình Dương',
      'Bà Rịa',
      'Long An',
      'Tiền Giang',
      'Bến Tre',
      'Trà Vinh',
      'Hậu Giang',
      'Sóc Trăng',
      'Bạc Liêu',
      'Kiên Giang',
    ];
    expect(PROVINCES).toHaveLength(34);
    const { data } = await server.graphql(
      '{ products(first: 100, filter: { economies: ["VN"] }) { edges { node { id producer { region } origin { region } certifications { scheme issuer validUntil } } } } }',
    );
    expect(data.products.edges.length).toBeGreaterThan(30);
    for (const { node } of data.products.edges) {
      expect(PROVINCES, node.id).toContain(node.origin.region);
      if (node.producer?.region) expect(PROVINCES, node.id).toContain(node.producer.region);
      // OCOP certificates run 36 months: valid after 1 July 2028 means issued after 1 July 2025.
      for (const c of node.certifications.filter((x: any) => x.scheme === 'OCOP' && x.validUntil > '2028-07-01')) {
        for (const old of ABOLISHED) expect(c.issuer, `${node.id} ${c.issuer}`).not.toContain(old);
      }
    }
  });

  it('addressRegion is the first-level subdivision in every economy (JP prefecture, ID province, MY state, VN province)', async () => {
    expect((await product('jp-ovop:OITA-0001')).producer.region).toBe('大分県');
    expect((await product('id-ovop:IDN-0001')).producer.region).toBe('Jawa Barat');
    expect((await product('my-ovop:MY-0001')).producer.region).toBe('Perak');
    expect((await product('vn-ocop:KG-0001')).producer.region).toBe('An Giang');
    const doc = await (await server.request(`/products/${encodeURIComponent('jp-ovop:OITA-0001')}`)).json();
    expect(JSON.stringify(doc)).not.toContain('"addressRegion":"臼杵市"');
  });

  it('no sample GTIN under the placeholder company prefix 4912345; sample barcodes use restricted-circulation numbers', async () => {
    const { data } = await server.graphql('{ products(first: 100, filter: { economies: ["JP"] }) { edges { node { id gtin } } } }');
    const gtins = data.products.edges.map((e: any) => e.node.gtin).filter(Boolean);
    expect(gtins.length).toBeGreaterThan(10);
    for (const g of gtins) expect(g.startsWith('4912345')).toBe(false);
    expect((await product('jp-ovop:OITA-0001')).gtin).toMatch(/^2\d{12}$/);
  });
});
