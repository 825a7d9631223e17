/** What each check asks for, in en, ja, id, ms, vi, th and fil. */
export const REQUIREMENTS = {
  HS_CODE: {
    en: 'A 6-digit Harmonized System code for customs classification', ja: '関税分類のためのHSコード（6桁）',
    id: 'Kode HS 6 digit untuk klasifikasi pabean', ms: 'Kod HS 6 digit untuk klasifikasi kastam',
    vi: 'Mã HS 6 số để phân loại hải quan', th: 'รหัสพิกัดศุลกากร HS 6 หลักสำหรับการจำแนกพิกัด',
    fil: 'Anim-na-digit na HS code para sa klasipikasyon sa customs',
  },
  ORIGIN: {
    en: 'The country of origin is stated', ja: '原産国の表示', id: 'Negara asal dinyatakan', ms: 'Negara asal dinyatakan',
    vi: 'Ghi rõ xuất xứ hàng hóa', th: 'ระบุประเทศแหล่งกำเนิดสินค้า', fil: 'Nakasaad ang bansang pinagmulan',
  },
  CERTIFICATE_OF_ORIGIN: {
    en: 'A preferential certificate of origin can be issued for the shipment (ATIGA Form D, RCEP, CPTPP)',
    ja: '特恵原産地証明書を取得できること（ATIGAフォームD、RCEP、CPTPP）',
    id: 'Surat keterangan asal preferensi dapat diterbitkan untuk pengiriman (ATIGA Form D, RCEP, CPTPP)',
    ms: 'Sijil asal keutamaan boleh dikeluarkan untuk penghantaran (ATIGA Borang D, RCEP, CPTPP)',
    vi: 'Có thể cấp giấy chứng nhận xuất xứ ưu đãi cho lô hàng (C/O mẫu D, RCEP, CPTPP)',
    th: 'สามารถขอหนังสือรับรองถิ่นกำเนิดสินค้าเพื่อสิทธิพิเศษทางภาษีได้ (ATIGA Form D, RCEP, CPTPP)',
    fil: 'Maaaring mag-isyu ng preperensyal na sertipiko ng pinagmulan para sa kargamento (ATIGA Form D, RCEP, CPTPP)',
  },
  GTIN: {
    en: 'A GS1 barcode (GTIN) identifies the product', ja: 'GS1バーコード（GTIN/JANコード）による商品識別',
    id: 'Barcode GS1 (GTIN) mengidentifikasi produk', ms: 'Kod bar GS1 (GTIN) mengenal pasti produk',
    vi: 'Mã vạch GS1 (GTIN) định danh sản phẩm', th: 'บาร์โค้ด GS1 (GTIN) ระบุตัวสินค้า',
    fil: 'May GS1 barcode (GTIN) na tumutukoy sa produkto',
  },
  LABEL_LANGUAGE: {
    en: 'The label is written in a language the destination requires', ja: '仕向国が求める言語による表示',
    id: 'Label ditulis dalam bahasa yang diwajibkan negara tujuan', ms: 'Label ditulis dalam bahasa yang diwajibkan oleh negara destinasi',
    vi: 'Nhãn được ghi bằng ngôn ngữ mà nước nhập khẩu yêu cầu', th: 'ฉลากเขียนเป็นภาษาที่ประเทศปลายทางกำหนด',
    fil: 'Nakasulat ang etiketa sa wikang hinihingi ng destinasyon',
  },
  INGREDIENTS: {
    en: 'An ingredient list in descending order of weight', ja: '重量順の原材料名表示',
    id: 'Daftar komposisi bahan menurut urutan berat', ms: 'Senarai ramuan mengikut tertib berat',
    vi: 'Thành phần nguyên liệu theo thứ tự khối lượng giảm dần', th: 'ส่วนประกอบเรียงตามน้ำหนักจากมากไปน้อย',
    fil: 'Listahan ng sangkap ayon sa bigat, mula sa pinakamabigat',
  },
  ALLERGENS: {
    en: 'Allergens are declared', ja: 'アレルゲン（特定原材料）の表示', id: 'Alergen dicantumkan', ms: 'Alergen dinyatakan',
    vi: 'Công bố chất gây dị ứng', th: 'แสดงสารก่อภูมิแพ้', fil: 'Nakadeklara ang mga allergen',
  },
  NET_CONTENT: {
    en: 'Net content in metric units', ja: 'メートル法による内容量表示', id: 'Berat bersih atau isi bersih dalam satuan metrik',
    ms: 'Kandungan bersih dalam unit metrik', vi: 'Định lượng tịnh theo đơn vị hệ mét', th: 'ปริมาณสุทธิเป็นหน่วยเมตริก',
    fil: 'Netong nilalaman sa metrikong yunit',
  },
  SHELF_LIFE: {
    en: 'A best-before or expiry date can be marked (shelf life known)', ja: '賞味期限または消費期限の表示（保存期間が判明していること）',
    id: 'Tanggal kedaluwarsa dapat dicantumkan (masa simpan diketahui)', ms: 'Tarikh luput boleh ditandakan (tempoh simpan diketahui)',
    vi: 'Ghi được hạn sử dụng (biết thời hạn bảo quản)', th: 'ระบุวันหมดอายุหรือควรบริโภคก่อนได้ (ทราบอายุการเก็บรักษา)',
    fil: 'Maaaring markahan ang petsa ng pagkapaso (alam ang shelf life)',
  },
  HALAL_CERTIFICATE: {
    en: 'A valid halal certificate from a recognised body', ja: '認定機関による有効なハラール認証',
    id: 'Sertifikat halal yang berlaku dari lembaga yang diakui', ms: 'Sijil halal yang sah daripada badan yang diiktiraf',
    vi: 'Giấy chứng nhận Halal còn hiệu lực từ tổ chức được công nhận', th: 'ใบรับรองฮาลาลที่ยังมีผลจากหน่วยงานที่ได้รับการรับรอง',
    fil: 'May bisang sertipiko ng halal mula sa kinikilalang ahensya',
  },
  FOOD_REGISTRATION: {
    en: "The food is registered with the destination's food authority", ja: '仕向国の食品当局への登録',
    id: 'Pangan terdaftar pada otoritas pangan negara tujuan (izin edar)', ms: 'Makanan didaftarkan dengan pihak berkuasa makanan negara destinasi',
    vi: 'Thực phẩm được đăng ký với cơ quan quản lý thực phẩm nước nhập khẩu', th: 'อาหารได้รับการขึ้นทะเบียนกับหน่วยงานด้านอาหารของประเทศปลายทาง',
    fil: 'Nakarehistro ang pagkain sa awtoridad sa pagkain ng destinasyon',
  },
  ORGANIC_CLAIM: {
    en: "An organic claim is certified under the destination's scheme", ja: '有機表示には仕向国の制度（有機JAS）による認証が必要',
    id: 'Klaim organik disertifikasi menurut skema negara tujuan', ms: 'Tuntutan organik diperakui di bawah skim negara destinasi',
    vi: 'Công bố hữu cơ được chứng nhận theo chương trình của nước nhập khẩu', th: 'การกล่าวอ้างอินทรีย์ได้รับการรับรองตามระบบของประเทศปลายทาง',
    fil: 'Sertipikado ang organikong pahayag sa ilalim ng sistema ng destinasyon',
  },
  MATERIAL_CONTENT: {
    en: 'The label states the materials (fibre content for textiles)', ja: '素材（繊維製品は組成）の表示',
    id: 'Label mencantumkan bahan (komposisi serat untuk tekstil)', ms: 'Label menyatakan bahan (kandungan gentian bagi tekstil)',
    vi: 'Nhãn ghi rõ chất liệu (thành phần sợi đối với hàng dệt may)', th: 'ฉลากระบุวัสดุ (ส่วนประกอบเส้นใยสำหรับสิ่งทอ)',
    fil: 'Nakasaad sa etiketa ang mga materyales (nilalamang hibla para sa tela)',
  },
} as const;
