"""Command line: outputs, and errors naming the row and column with nothing written."""

import csv
import pathlib
import subprocess
import sys

import numpy as np
import pytest

from forecasting.cli import main
from forecasting.csv_io import InputError, read_series

ADDON = pathlib.Path(__file__).resolve().parents[2] / "addons" / "aftersales_parts"


def _wide(path, rows, header=None):
    header = header or ["part"] + [f"2020-{m:02d}" for m in range(1, len(rows[0]))]
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _good_rows(n=6, t_len=30):
    rng = np.random.default_rng(1)
    y = (rng.random((n, t_len)) < 0.4) * rng.poisson(3, (n, t_len))
    return [[f"P{i}", *map(str, y[i])] for i in range(n)]


def _read(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def test_wide_file_to_output(tmp_path):
    src = _wide(tmp_path / "in.csv", _good_rows())
    out = tmp_path / "out.csv"
    assert main(["--input", str(src), "--output", str(out), "--horizon", "3"]) == 0
    rows = _read(out)
    assert [r["part"] for r in rows] == [f"P{i}" for i in range(6)]
    assert set(rows[0]) >= {"class", "method", "min", "max", "f1", "f3", "lead_time"}
    for r in rows:
        assert float(r["min"]) <= float(r["max"])
        assert r["class"] in {"smooth", "erratic", "intermittent", "lumpy", "none"}


def test_long_file_lead_time_column_and_method(tmp_path):
    src = tmp_path / "long.csv"
    with open(src, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Part", "Period", "Quantity", "lt"])
        for m in range(1, 25):
            w.writerow(["A", f"2021-{m:02d}" if m <= 12 else f"2022-{m - 12:02d}", m % 3, 2])
            if m % 4 == 0:
                w.writerow(["B", f"2021-{m:02d}" if m <= 12 else f"2022-{m - 12:02d}", 5, 0])
    out = tmp_path / "out.csv"
    rc = main(["--input", str(src), "--output", str(out), "--method", "sba",
               "--lead-time-column", "lt", "--service-level", "0.9", "--horizon", "2"])  # fmt: skip
    assert rc == 0
    rows = _read(out)
    assert [r["part"] for r in rows] == ["A", "B"]
    assert [r["lead_time"] for r in rows] == ["2", "0"]
    assert {r["method"] for r in rows} == {"sba"}
    table = read_series(str(src), "long")
    assert table.values.shape == (2, 24)
    assert table.values[1].sum() == 30  # missing (part, period) rows are zero demand


@pytest.mark.parametrize(
    ("cell", "message"),
    [("abc", "not a number"), ("-2", "negative demand"), ("inf", "not a finite")],
)
def test_bad_cells_name_row_and_column(tmp_path, capsys, cell, message):
    rows = _good_rows()
    rows[2][4] = cell  # data row 3 = row 4 of the file, column of period 4
    src = _wide(tmp_path / "in.csv", rows)
    out = tmp_path / "out.csv"
    assert main(["--input", str(src), "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert "row 4" in err and "'2020-04'" in err and message in err
    assert not out.exists()


def test_ragged_rows_name_row_and_column(tmp_path, capsys):
    rows = _good_rows()
    rows[1] = rows[1][:-2]
    src = _wide(tmp_path / "in.csv", rows)
    out = tmp_path / "out.csv"
    out.write_text("previous result\n")
    assert main(["--input", str(src), "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert "row 3" in err and "'2020-29'" in err and "ragged" in err
    assert out.read_text() == "previous result\n"  # left untouched
    assert list(tmp_path.glob(".forecast-*")) == []  # no temporary file left behind
    rows = _good_rows()
    header = ["part"] + [f"2020-{m:02d}" for m in range(1, len(rows[0]))]
    rows[0] = rows[0] + ["7"]
    src = _wide(tmp_path / "x.csv", rows, header)
    assert main(["--input", str(src), "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert "row 2" in err and "after '2020-30'" in err


def test_long_file_errors(tmp_path, capsys):
    src = tmp_path / "long.csv"
    src.write_text("part,period,quantity\nA,2020-01,1\nA,2020-02,x\n")
    assert main(["--input", str(src)]) == 2
    err = capsys.readouterr().err
    assert "row 3" in err and "'quantity'" in err
    src.write_text("part,period,quantity,lt\nA,2020-01,1,2\nA,2020-02,1,3\n")
    assert main(["--input", str(src), "--lead-time-column", "lt"]) == 2
    assert "row 3" in capsys.readouterr().err


def test_bad_lead_time_and_options(tmp_path, capsys):
    rows = _good_rows(3, 20)
    header = ["part"] + [f"2020-{m:02d}" for m in range(1, 20)] + ["lead"]
    rows = [r[:-1] + ["x" if i == 1 else "1"] for i, r in enumerate(rows)]
    src = _wide(tmp_path / "in.csv", rows, header)
    assert main(["--input", str(src), "--lead-time-column", "lead"]) == 2
    err = capsys.readouterr().err
    assert "row 3" in err and "'lead'" in err
    assert main(["--input", str(src), "--lead-time-column", "nope"]) == 2
    assert "no column named 'nope'" in capsys.readouterr().err
    good = _wide(tmp_path / "g.csv", _good_rows())
    assert main(["--input", str(good), "--service-level", "95"]) == 2
    assert main(["--input", str(tmp_path / "missing.csv")]) == 2


def test_reader_rejects_empty_header_and_ids(tmp_path):
    p = tmp_path / "e.csv"
    p.write_text("")
    with pytest.raises(InputError, match="row 1"):
        read_series(str(p))
    p.write_text("part,a,b\n,1,2\n")
    with pytest.raises(InputError, match="row 2, column 'part'"):
        read_series(str(p))


def test_python_dash_m_to_stdout(tmp_path):
    src = _wide(tmp_path / "in.csv", _good_rows(3, 20))
    res = subprocess.run(
        [sys.executable, "-m", "forecasting", "--input", str(src), "--horizon", "2"],
        cwd=ADDON, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    lines = res.stdout.strip().splitlines()
    assert lines[0].startswith("part,class,adi,cv2,method") and len(lines) == 4


def _raf_like(path, n=8, t_len=30, bad=None):
    """A file shaped like ../shared/data/raf_half_A.csv: item, lead time, price, description
    (text with commas and quotes), then the months."""
    rng = np.random.default_rng(4)
    y = (rng.random((n, t_len)) < 0.2) * rng.integers(1, 20, (n, t_len))
    header = ["item", "lead_time_months", "price_gbp", "description"]
    header += [f"{2000 + m // 12}-{m % 12 + 1:02d}" for m in range(t_len)]
    rows = [
        [str(100 + i), str(i * 4), f"{1.5 + i:.3f}", f'SEAL, "O" RING {i}', *map(str, y[i])]
        for i in range(n)
    ]
    if bad:
        rows[bad[0]][bad[1]] = bad[2]
    return _wide(path, rows, header)


def test_text_price_and_lead_time_columns_are_recognised(tmp_path):
    src = _raf_like(tmp_path / "raf.csv")
    table = read_series(str(src))
    assert (table.lead_time_column, table.price_column) == ("lead_time_months", "price_gbp")
    assert table.text_columns == ["description"] and table.values.shape == (8, 30)
    out = tmp_path / "out.csv"
    assert main(["--input", str(src), "--output", str(out), "--horizon", "2"]) == 0
    rows = _read(out)
    assert [r["lead_time"] for r in rows] == [str(i * 4) for i in range(8)]  # up to 28
    assert rows[1]["description"] == 'SEAL, "O" RING 1'
    for r in rows:
        assert float(r["max_value"]) == pytest.approx(float(r["max"]) * float(r["price"]), 0.01)
    # --lead-time overrides the column; columns can be named by option
    assert main(["--input", str(src), "--output", str(out), "--lead-time", "2"]) == 0
    assert {r["lead_time"] for r in _read(out)} == {"2"}
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(src.read_text().replace("price_gbp", "stueckpreis", 1))
    assert main(["--input", str(renamed), "--output", str(out), "--price-column", "stueckpreis",
                 "--text-column", "description"]) == 0  # fmt: skip
    assert "max_value" in _read(out)[0]


@pytest.mark.parametrize(
    ("bad", "where", "message"),
    [
        ((3, 2, "12,5"), "'price_gbp'", "price not a number"),
        ((3, 2, "-1"), "'price_gbp'", "price must be"),
        ((3, 1, "2.5"), "'lead_time_months'", "whole number"),
        ((3, 6, "x"), "'2000-03'", "not a number"),
    ],
)
def test_errors_in_real_files_name_row_and_column(tmp_path, capsys, bad, where, message):
    src = _raf_like(tmp_path / "raf.csv", bad=bad)
    out = tmp_path / "out.csv"
    assert main(["--input", str(src), "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert "row 5" in err and where in err and message in err, err
    assert not out.exists()


def test_value_scope_plans_with_the_price_column(tmp_path, capsys):
    from forecasting.planning import SYSTEM_VALUE_FLOOR, plan

    src = _raf_like(tmp_path / "raf.csv")
    out = tmp_path / "out.csv"
    assert main(["--input", str(src), "--output", str(out), "--horizon", "2",
                 "--scope", "value", "--samples", "300"]) == 0  # fmt: skip
    table = read_series(str(src))
    price = np.array([float(v) for v in table.extra["price_gbp"]])
    lead = np.array([int(v) for v in table.extra["lead_time_months"]])
    res = plan(table.values, horizon=2, lead_time=lead, target=0.95, scope="system",
               unit_cost=price, item_floor=SYSTEM_VALUE_FLOOR, n_samples=300)  # fmt: skip
    assert [float(r["max"]) for r in _read(out)] == pytest.approx(res["max"].tolist())
    # without a price column there is no value to weigh
    plain = _wide(tmp_path / "plain.csv", _good_rows())
    assert main(["--input", str(plain), "--scope", "value"]) == 2
    assert "needs a price column" in capsys.readouterr().err
