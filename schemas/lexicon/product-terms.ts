/**
 * The curated multilingual lexicon of product terms: what visitors call the catalogues' goods in
 * each of the portal's languages, built from the catalogues' own words. Within one language, the
 * terms of a concept are spelling or script variants of one word (coklat / cokelat, 椎茸 /
 * しいたけ, lạp sườn / lạp xưởng); across languages they are translations. Data only: validated
 * by `lexicon.ts` when loaded.
 */
export const PRODUCT_TERMS = [
  {
    id: 'coffee',
    terms: {
      en: ['coffee'],
      id: ['kopi'],
      ms: ['kopi'],
      vi: ['cà phê', 'cafe'],
      ja: ['コーヒー', '珈琲'],
      th: ['กาแฟ'],
      fil: ['kape'],
    },
  },
  {
    id: 'tea',
    terms: { en: ['tea'], id: ['teh'], ms: ['teh'], vi: ['trà', 'chè'], ja: ['お茶', '茶'], th: ['ชา'], fil: ['tsaa'] },
  },
  {
    id: 'honey',
    terms: {
      en: ['honey'],
      id: ['madu'],
      ms: ['madu'],
      vi: ['mật ong'],
      ja: ['はちみつ', '蜂蜜', '蜜'],
      th: ['น้ำผึ้ง'],
      fil: ['pulot', 'pulot-pukyutan'],
    },
  },
  {
    id: 'chocolate',
    terms: {
      en: ['chocolate'],
      id: ['cokelat', 'coklat'],
      ms: ['coklat', 'cokelat'],
      vi: ['sô cô la', 'socola'],
      ja: ['チョコレート', 'チョコ'],
      th: ['ช็อกโกแลต', 'ช็อคโกแลต'],
      fil: ['tsokolate', 'chocolate'],
    },
  },
  {
    id: 'chips',
    terms: { en: ['chips', 'crisps'], id: ['keripik', 'kripik'], ms: ['kerepek'], ja: ['チップス'], th: ['มันทอด'], fil: ['chichirya'] },
  },
  {
    id: 'crackers',
    terms: {
      en: ['crackers'],
      id: ['kerupuk', 'krupuk'],
      ms: ['keropok'],
      vi: ['bánh phồng'],
      ja: ['せんべい', '煎餅'],
      th: ['ข้าวเกรียบ'],
      fil: ['kropek'],
    },
  },
  {
    id: 'fish-sauce',
    terms: {
      en: ['fish sauce', 'anchovy sauce'],
      id: ['kecap ikan'],
      ms: ['budu'],
      vi: ['nước mắm'],
      ja: ['魚醤', 'ナンプラー'],
      th: ['น้ำปลา'],
      fil: ['patis'],
    },
  },
  {
    id: 'rice',
    terms: { en: ['rice'], id: ['beras'], ms: ['beras'], vi: ['gạo'], ja: ['お米', '米', 'こめ'], th: ['ข้าว', 'ข้าวสาร'], fil: ['bigas'] },
  },
  {
    id: 'silk',
    terms: { en: ['silk'], id: ['sutra', 'sutera'], ms: ['sutera'], vi: ['lụa', 'tơ tằm'], ja: ['絹', 'シルク'], th: ['ผ้าไหม', 'ไหม'], fil: ['seda'] },
  },
  {
    id: 'batik',
    terms: { en: ['batik'], id: ['batik'], ms: ['batik'], vi: ['batik'], ja: ['バティック', 'ろうけつ染め'], th: ['บาติก', 'ผ้าบาติก'], fil: ['batik'] },
  },
  {
    id: 'pottery',
    terms: {
      en: ['pottery', 'ceramics', 'ceramic', 'earthenware', 'stoneware', 'terracotta', 'clay', 'glaze', 'onta-yaki'],
      id: ['gerabah', 'keramik', 'tembikar', 'tanah liat'],
      ms: ['tembikar', 'seramik', 'tanah liat'],
      vi: ['gốm', 'gốm sứ', 'đồ gốm'],
      ja: ['陶器', '焼き物', 'やきもの', '陶磁器', '小鹿田焼'],
      th: ['เครื่องปั้นดินเผา', 'เซรามิก'],
      fil: ['palayok', 'keramika'],
    },
  },
  {
    id: 'shiitake',
    terms: {
      en: ['shiitake'],
      id: ['jamur shiitake'],
      ms: ['cendawan shiitake'],
      vi: ['nấm hương'],
      ja: ['椎茸', 'しいたけ', 'shiitake'],
      th: ['เห็ดหอม'],
      fil: ['kabuteng shiitake'],
    },
  },
  {
    id: 'dried-shiitake',
    terms: {
      en: ['dried shiitake'],
      vi: ['nấm hương khô'],
      ja: ['干し椎茸', '干椎茸', '乾椎茸', '乾しいたけ', '干ししいたけ', '干しいたけ', 'ほししいたけ'],
      th: ['เห็ดหอมแห้ง'],
    },
  },
  {
    id: 'sausage',
    terms: {
      en: ['sausage'],
      id: ['sosis'],
      ms: ['sosej'],
      vi: ['lạp sườn', 'lạp xưởng', 'xúc xích'],
      ja: ['ソーセージ', '腸詰め'],
      th: ['ไส้กรอก', 'กุนเชียง'],
      fil: ['longganisa', 'longanisa'],
    },
  },
  { id: 'kabosu', terms: { en: ['kabosu'], ja: ['かぼす', 'カボス', '香母酢', 'kabosu'] } },
  { id: 'yuzu', terms: { en: ['yuzu'], ja: ['ゆず', '柚子', 'ユズ', 'yuzu'] } },
  {
    id: 'soy-sauce',
    terms: {
      en: ['soy sauce'],
      id: ['kecap'],
      ms: ['kicap'],
      vi: ['nước tương', 'xì dầu'],
      ja: ['醤油', 'しょうゆ', 'しょう油', '醬油'],
      th: ['ซีอิ๊ว'],
      fil: ['toyo'],
    },
  },
  { id: 'miso', terms: { en: ['miso'], ja: ['味噌', 'みそ', 'miso'] } },
  { id: 'soba', terms: { en: ['soba', 'buckwheat noodles'], ja: ['蕎麦', 'そば', 'soba'] } },
  { id: 'karaage', terms: { en: ['karaage', 'fried chicken'], ja: ['唐揚げ', 'から揚げ', 'からあげ', '唐揚', 'karaage'] } },
  {
    id: 'noodles',
    terms: {
      en: ['noodles'],
      id: ['mie', 'bakmi'],
      ms: ['mee'],
      vi: ['miến', 'bún', 'mì'],
      ja: ['麺', 'めん', '乾麺'],
      th: ['ก๋วยเตี๋ยว', 'บะหมี่'],
      fil: ['pansit'],
    },
  },
  { id: 'tempeh', terms: { en: ['tempeh'], id: ['tempe'], ms: ['tempe'], ja: ['テンペ'] } },
  {
    id: 'yogurt',
    terms: { en: ['yogurt', 'yoghurt'], id: ['yogurt', 'yoghurt'], ms: ['yogurt'], vi: ['sữa chua'], ja: ['ヨーグルト'], th: ['โยเกิร์ต'] },
  },
  { id: 'durian', terms: { en: ['durian'], id: ['durian'], ms: ['durian'], vi: ['sầu riêng'], ja: ['ドリアン'], th: ['ทุเรียน'], fil: ['durian'] } },
  {
    id: 'palm-sugar',
    terms: {
      en: ['palm sugar'],
      id: ['gula aren', 'gula merah', 'gula semut'],
      ms: ['gula melaka', 'gula kabung'],
      vi: ['đường thốt nốt'],
      ja: ['パームシュガー'],
      th: ['น้ำตาลโตนด', 'น้ำตาลมะพร้าว'],
      fil: ['panutsa'],
    },
  },
  {
    id: 'pepper',
    terms: {
      en: ['pepper'],
      id: ['lada', 'merica'],
      ms: ['lada'],
      vi: ['tiêu', 'hạt tiêu'],
      ja: ['胡椒', 'こしょう', 'コショウ'],
      th: ['พริกไทย'],
      fil: ['paminta'],
    },
  },
  {
    id: 'prawn',
    terms: { en: ['prawn', 'shrimp'], id: ['udang'], ms: ['udang'], vi: ['tôm'], ja: ['えび', '海老', 'エビ'], th: ['กุ้ง'], fil: ['hipon'] },
  },
  {
    id: 'shrimp-paste',
    terms: { en: ['shrimp paste'], id: ['terasi'], ms: ['belacan'], vi: ['mắm tôm'], th: ['กะปิ'], fil: ['bagoong'] },
  },
  { id: 'lychee', terms: { en: ['lychee', 'litchi'], vi: ['vải thiều'], ja: ['ライチ', 'レイシ'], th: ['ลิ้นจี่'], id: ['leci'], ms: ['laici'] } },
  {
    id: 'mackerel',
    terms: { en: ['mackerel'], id: ['tenggiri'], ms: ['tenggiri'], vi: ['cá thu'], ja: ['さば', '鯖', 'サバ'], th: ['ปลาทู'], fil: ['alumahan'] },
  },
  {
    id: 'beef',
    terms: { en: ['beef'], id: ['daging sapi'], ms: ['daging lembu'], vi: ['thịt bò'], ja: ['牛肉', '和牛'], th: ['เนื้อวัว'], fil: ['baka'] },
  },
  {
    id: 'basket',
    terms: { en: ['basket'], id: ['keranjang', 'bakul'], ms: ['bakul'], vi: ['giỏ'], ja: ['かご', '籠'], th: ['ตะกร้า'], fil: ['bayong'] },
  },
  { id: 'rattan', terms: { en: ['rattan'], id: ['rotan'], ms: ['rotan'], vi: ['mây tre'], ja: ['籐'], th: ['หวาย'], fil: ['yantok'] } },
  { id: 'bamboo', terms: { en: ['bamboo'], id: ['bambu'], ms: ['buluh'], vi: ['tre'], ja: ['竹'], th: ['ไม้ไผ่'], fil: ['kawayan'] } },
  {
    id: 'liquor',
    terms: { en: ['liquor', 'spirit'], id: ['arak'], ms: ['arak'], vi: ['rượu'], ja: ['焼酎', 'しょうちゅう', '日本酒', '酒'], th: ['เหล้า'], fil: ['alak'] },
  },
  { id: 'juice', terms: { en: ['juice'], id: ['jus'], ms: ['jus'], vi: ['nước ép'], ja: ['果汁', 'ジュース'], th: ['น้ำผลไม้'], fil: ['katas'] } },
  {
    id: 'star-anise',
    terms: {
      en: ['star anise'],
      id: ['bunga lawang', 'adas bintang'],
      ms: ['bunga lawang'],
      vi: ['hoa hồi', 'hồi'],
      ja: ['八角', 'スターアニス'],
      th: ['โป๊ยกั๊ก'],
    },
  },
  {
    id: 'dragon-fruit',
    terms: { en: ['dragon fruit', 'pitaya'], id: ['buah naga'], ms: ['buah naga'], vi: ['thanh long'], ja: ['ドラゴンフルーツ'], th: ['แก้วมังกร'] },
  },
  { id: 'pomelo', terms: { en: ['pomelo'], id: ['jeruk bali'], ms: ['limau bali'], vi: ['bưởi'], ja: ['ザボン', 'ブンタン'], th: ['ส้มโอ'], fil: ['suha'] } },
  {
    id: 'sweet-potato',
    terms: {
      en: ['sweet potato'],
      id: ['ubi jalar'],
      ms: ['ubi keledek'],
      vi: ['khoai lang'],
      ja: ['さつまいも', '薩摩芋', 'サツマイモ', '甘藷'],
      th: ['มันเทศ'],
      fil: ['kamote'],
    },
  },
  { id: 'brocade', terms: { en: ['brocade'], vi: ['thổ cẩm'], ja: ['錦'], th: ['ผ้ายก'] } },
  { id: 'songket', terms: { en: ['songket'], id: ['songket'], ms: ['songket'], ja: ['ソンケット'], th: ['ผ้ายกดอก'] } },
  { id: 'ikat', terms: { en: ['ikat'], id: ['ikat', 'tenun ikat'], ms: ['ikat'], ja: ['絣', 'かすり'], th: ['มัดหมี่', 'ผ้ามัดหมี่'] } },
  { id: 'silver', terms: { en: ['silver'], id: ['perak'], ms: ['perak'], ja: ['銀', 'シルバー'], th: ['เครื่องเงิน'], fil: ['pilak'] } },
  { id: 'agarwood', terms: { en: ['agarwood'], id: ['gaharu'], ms: ['gaharu'], vi: ['trầm hương'], ja: ['沈香'], th: ['กฤษณา'] } },
  { id: 'turmeric', terms: { en: ['turmeric'], id: ['kunyit'], ms: ['kunyit'], vi: ['nghệ'], ja: ['ウコン'], th: ['ขมิ้น'], fil: ['luyang dilaw'] } },
  { id: 'ginger', terms: { en: ['ginger'], id: ['jahe'], ms: ['halia'], vi: ['gừng'], ja: ['生姜', 'しょうが', 'ショウガ'], th: ['ขิง'], fil: ['luya'] } },
  { id: 'coconut', terms: { en: ['coconut'], id: ['kelapa'], ms: ['kelapa'], vi: ['dừa'], ja: ['ココナッツ'], th: ['มะพร้าว'], fil: ['niyog'] } },
  { id: 'banana', terms: { en: ['banana'], id: ['pisang'], ms: ['pisang'], vi: ['chuối'], ja: ['バナナ'], th: ['กล้วย'], fil: ['saging'] } },
  {
    id: 'peanut',
    terms: { en: ['peanut'], id: ['kacang tanah'], ms: ['kacang tanah'], vi: ['đậu phộng', 'lạc'], ja: ['落花生', 'ピーナッツ'], th: ['ถั่วลิสง'], fil: ['mani'] },
  },
  {
    id: 'shawl',
    terms: {
      en: ['shawl', 'scarf'],
      id: ['selendang'],
      ms: ['selendang'],
      vi: ['khăn choàng', 'khăn'],
      ja: ['ショール', 'ストール'],
      th: ['ผ้าคลุมไหล่'],
      fil: ['balabal'],
    },
  },
  { id: 'citrus', terms: { en: ['citrus'], id: ['jeruk'], ms: ['limau'], ja: ['柑橘', 'みかん'], th: ['ส้ม'], fil: ['sitrus'] } },
] as const;
