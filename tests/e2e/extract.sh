#!/bin/sh
# The article out of a web page (issue #16): news pages in Arabic, Persian and Hebrew with no
# <article> or <main>, with a menu, a list of related stories, comments and a hidden ad, dump
# their title first and then the story, none of the rest; --no-extract shows the page whole.
. "$(dirname "$0")/lib.sh"

NEWS=$DATA/news

logical() {
	"$QARI" --dump --bidi terminal --shape none --width 1000 "$@" 2>/dev/null | grep -v '^$'
}

# page TITLE KEPT LEFT... : the dump of $page starts with TITLE, holds KEPT, none of LEFT.
page() {
	title=$1 kept=$2
	shift 2
	logical "$NEWS/$page.html" >"$TMPD/$page"
	is "$(sed -n 1p "$TMPD/$page")" "$title" "$page.html: the headline comes first"
	check "$page.html: the story's last paragraph is kept" grep -qF "$kept" "$TMPD/$page"
	left=
	for w in "$@"; do
		grep -qF "$w" "$TMPD/$page" && left="$left [$w]"
	done
	if [ -z "$left" ]; then
		ok "$page.html: no menu, related stories, comments or hidden text"
	else
		not_ok "$page.html: no menu, related stories, comments or hidden text"
		diag "left in:$left"
	fi
}

page=ar
page "افتتاح مكتبة عامة جديدة في وسط المدينة" "وورش الكتابة للشباب." \
	"الصفحة الرئيسية" "اقرأ أيضا" "ارتفاع أسعار الخضار" "التعليقات" "خبر جميل" \
	"جميع الحقوق محفوظة"
page=fa
page "بارش برف سنگین راه‌های شمال کشور را بست" "به ده درجه زیر صفر برسد." \
	"صفحه اصلی" "اخبار مرتبط" "تعطیلی مدارس" "نظرات کاربران" "امیدوارم" "تلگرام" \
	"متن پنهان"
page=he
page "חוקרים גילו מין חדש של צפרדע בגליל" "מאוים בגלל הבנייה באזור." \
	"ראשי" "הנקראים ביותר" "מזג האוויר" "תגובות" "כתבה מעניינת"
check "he.html: a paragraph of the story is a line of its own, not the whole cell" \
	grep -qx "לדברי ראש הצוות, הצפרדע קטנה מאוד, אורכה כשני סנטימטרים בלבד, וצבעה ירוק בהיר עם כתמים כהים על הגב." \
	"$TMPD/he"

# A blog post: the promo <article> is not the post, the ad and the hidden text go, a formula
# shows its alttext, the byline comes from JSON-LD.
page=blog
page "دروس في الجبر الخطي للمبتدئين" "مع أمثلة محلولة." \
	"اشترك في النشرة" "إعلان" "نص مخفي" "الأكثر قراءة" "| مدونة"
is "$(sed -n 2p "$TMPD/blog")" "هالة نصار · 2024-06-01 · مدونة الرياضيات" \
	"blog.html: the byline from JSON-LD: author, day, site"
check "blog.html: <math> reads as its alttext" \
	grep -qF "نكتب ذلك هكذا: A = A^*، ومن" "$TMPD/blog"

# A front page is no article: it shows whole, every teaser, not the one that scores best.
logical "$NEWS/front.html" >"$TMPD/front"
check "front.html: the first teaser is shown" grep -qF "تراجعت أسعار الذهب" "$TMPD/front"
check "front.html: ... and the last" grep -qF "وفق الإحصاءات الرسمية." "$TMPD/front"

logical --no-extract "$NEWS/ar.html" >"$TMPD/ar-whole"
check "--no-extract: the whole page, its menu too" grep -qF "الصفحة الرئيسية" "$TMPD/ar-whole"
check "--no-extract: ... and its comments" grep -qF "خبر جميل" "$TMPD/ar-whole"
check "--no-extract: ... and the story" grep -qF "وورش الكتابة للشباب." "$TMPD/ar-whole"

done_testing
