#!/usr/bin/env bash
# Write every report format for a fixed set of inputs into DIR, then print one sha256 per
# file: run it before and after a change that must not alter behaviour, and diff the lists.
#   tools/golden_outputs.sh DIR
# Inputs: the bundled example inventory, a 10k-row synthetic file (seed 42), the shortlist of
# the example, a substitution, a lookup, the exposure samples and the worker signals of tests.
set -uo pipefail
out=${1:?usage: tools/golden_outputs.sh DIR [--hash-only]}
mkdir -p "$out"
if [ "${2:-}" != "--hash-only" ]; then
here=$(cd "$(dirname "$0")/.." && pwd)
ex="$here/data/examples/electronics_plant.csv"
python "$here/benchmarks/make_inventory.py" 10000 "$out/inv10k.csv" --seed 42
run() { local name=$1; shift; cepn-screen "$@" >"$out/$name.stdout" 2>"$out/$name.stderr";
        echo $? >"$out/$name.rc"; }
for f in json csv md; do run ex-$f assess --example -f $f; done
run ex-table assess --example
for f in json csv md html xlsx; do run ex-o$f assess --example -o "$out/ex.$f"; done
for f in json csv; do run 10k-$f assess "$out/inv10k.csv" -o "$out/10k.$f"; done
run 10k-xlsx assess "$out/inv10k.csv" -o "$out/10k.xlsx"
run 10k-html assess "$out/inv10k.csv" -o "$out/10k.html"
for f in md json csv html xlsx; do run sl-$f shortlist "$ex" -o "$out/sl.$f"; done
for f in json md csv table; do run sub-$f substitute n-hexane -p wiping --show-excluded --blends -f $f; done
run sub-tce substitute trichloroethylene -p vapour-degreasing -f json
run lk-json lookup n-hexane -f json
run lk-table lookup 二氯甲烷
run lk-unres lookup 'Kleenz-X 2000'
cat >"$out/samples.csv" <<'CSV'
Group,Worker,Date,Substance,CAS,Result,Unit,Duration (min)
Wiping L1,W1,2026-03-02,n-Hexane,110-54-3,2.1,ppm,480
Wiping L1,W2,2026-03-03,n-Hexane,110-54-3,3.5,ppm,480
Wiping L1,W3,2026-03-04,n-Hexane,110-54-3,1.8,ppm,480
Wiping L1,W3,2026-03-11,n-Hexane,110-54-3,21800,ug/m3,240
Degreasing,W7,2026-03-02,Trichloroethylene,79-01-6,<0.5,ppm,480
Degreasing,W8,2026-03-03,Trichloroethylene,79-01-6,12.6,ppm,480
Degreasing,W9,2026-03-04,Trichloroethylene,79-01-6,5,,480
Degreasing,W9,2026-03-04,Kleenz-X,,5,ppm,480
CSV
for f in json csv md table; do run exp-$f exposure "$out/samples.csv" -f $f; done
run exp-acgih exposure "$out/samples.csv" --oel-source acgih -f json
printf 'Area,Chemical name,CAS No.\nL1,n-Hexane,110-54-3\nL1,Acetone,67-64-1\nL2,Isopropanol,67-63-0\n' >"$out/sig_inv.csv"
printf 'Date,Area,Symptoms,Comment\n2026-03-01,L1,numbness,\n2026-03-02,L1,"tingling, headache",\n2026-03-05,L1,,my feet are numb\n2026-03-01,L2,rash,\n' >"$out/reports.csv"
for f in json csv md table; do run sig-$f signals "$out/reports.csv" --inventory "$out/sig_inv.csv" -f $f; done
run sig-share signals "$out/reports.csv" --inventory "$out/sig_inv.csv" --share -f json
run sig-html signals "$out/reports.csv" --inventory "$out/sig_inv.csv" -o "$out/sig.html"
run tmpl template -o "$out/tmpl.xlsx" --lang zh
run cards card "$out/sig_inv.csv" --lang es -o "$out/cards.html"
run card card n-hexane --lang zh -o "$out/card.html"
run stats data stats
run check data check
run rtest rules test
run rval rules validate
run rdocs rules docs
run rschema rules schema
run rlist rules list
fi
# XLSX files carry their creation time in docProps/core.xml: hash the workbook parts.
(cd "$out" && for f in $(find . -type f | sort); do
   case "$f" in
     *.xlsx) printf '%s  %s\n' "$(unzip -p "$f" 'xl/*' | sha256sum | cut -c1-64)" "$f" ;;
     *) sha256sum "$f" ;;
   esac
 done)
