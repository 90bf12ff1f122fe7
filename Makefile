# The Odoo Distribution Suite: the README's two commands and their helpers.
# Every target sets up whatever is missing first (tools/suite.py).

PYTHON3 ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
SUITE   := $(PYTHON3) tools/suite.py
PORT    ?= 8069
SCALE   ?= small
RESET   ?=
DB      ?= dist_$(SCALE)
# backup, restore, verify-backup, staging: DB when given, else the demo database
OPS_DB  := $(if $(filter command line environment environment override,$(origin DB)),$(DB),dist_demo)

.PHONY: run test test-compat test-upgrade test-uninstall screenshots lint i18n i18n-check setup scenario bench bench-matrix bench-replenishment bench-wms bench-cases bench-classify bench-kpi bench-audit bench-finance bench-load scale-check security-doc backup restore verify-backup staging clean help

help:
	@echo "make run      set up, build the demo database once, serve http://localhost:$(PORT)"
	@echo "              (RESET=1 rebuilds the database, PORT=8070 serves elsewhere)"
	@echo "make test     lint, then every test in a throwaway database"
	@echo "make test-compat   the tests of the addons the suite extends, with the suite"
	@echo "              installed (BASELINE=1: without it; ADDONS=purchase,stock: those;"
	@echo "              JOBS=1: one lane, the default runs two side by side)"
	@echo "make test-upgrade [FROM=2026.12.07]   install a release (RELEASES; default the"
	@echo "              last) with the tiny scenario and user edits in a throwaway database,"
	@echo "              upgrade it to this checkout: fails on a lost row, a changed edit"
	@echo "              or a warning in the upgrade log (docs/upgrading.md); THEN_UNINSTALL=1:"
	@echo "              then test-uninstall's checks on the upgraded database (as CI does)"
	@echo "make test-uninstall  each addon uninstalled from a throwaway database with"
	@echo "              the tiny scenario: no error logged, nothing left behind, then"
	@echo "              installed again and its core flows walked"
	@echo "make screenshots  the role tours alone (a browser tour per role, from login),"
	@echo "              in a throwaway database: their pictures in docs/roles/img"
	@echo "make lint     ruff, ruff-format --check, pylint-odoo mandatory checks"
	@echo "make i18n     write addons/<addon>/i18n/<addon>.pot from a throwaway database"
	@echo "              with the addons (I18N_DB=dev_x: from that database, its addons current)"
	@echo "make i18n-check   fail when a committed .pot is not what the addons export"
	@echo "              (header dates aside; make test runs it on its test database)"
	@echo "make scenario SCALE=large DB=dist_large [RESET=1]   scenario at a bench scale"
	@echo "make bench SCALE=small|large|xlarge [BENCH_DB=db]   generator vs Odoo flows, per done move"
	@echo "make bench-matrix [REUSE=1]           PO confirmation with a 500-line approval matrix vs without"
	@echo "make bench-replenishment SCALE=large|xlarge [BENCH_DB=db]   our replenishment run vs Odoo's orderpoint"
	@echo "                                      computation; first, same-day and new-day runs (new day <= 2x steady)"
	@echo "make bench-wms SCALE=large|xlarge     ATP of a 200-line order, count lists and accuracy vs Odoo"
	@echo "make bench-cases [SCALE=large]        case SLA sweep over 100,000 open cases vs the ORM"
	@echo "make bench-classify                   case mail classification, held-out accuracy"
	@echo "make bench-kpi SCALE=large|xlarge     control tower snapshot refresh and tiles vs bare SQL"
	@echo "make bench-finance [REUSE=1] [BILLS=1000]   1,000 vendor bills posted with the three-way match vs without"
	@echo "make bench-audit [BENCH_DB=dist_demo] vendor prices and reorder rules written with the"
	@echo "              audit rules on vs off (any database with the suite; rolled back)"
	@echo "make scale-check [SCALE_CHECK_DB=dist_small] [REPLICA_PORT=5433]   the scale-out layout"
	@echo "              (docker-compose.scale.yml) as local processes: two web nodes and a job"
	@echo "              node on a copy of that database; health, shared sessions, a queued job"
	@echo "make bench-load [BENCH_DB=db] [WORKERS=4] [USERS=24] [DURATION=120] [THINK=0.5-2]   role users over"
	@echo "              JSON-RPC against a server with workers and queue_job: p50/p95 per screen"
	@echo "make security-doc  rewrite the generated tables of docs/security.md from the"
	@echo "              addons' access files, record rules, roles, duties and audit rules"
	@echo "make backup [DB=dist_demo] [BACKUP_DIR=backups]   database and file store, consistent"
	@echo "              (one snapshot), checksummed: backups/<db>-<UTC time>/ (docs/operations.md)"
	@echo "make restore BACKUP=<dir> [DB=name] [RESET=1]   checksums first, then a new database"
	@echo "              (default: the backed-up name) and its file store; RESET=1 replaces an existing"
	@echo "              one only after the restore (under a temporary name) is checked; a failure keeps it"
	@echo "make verify-backup [BACKUP=<dir>]   restore into a scratch database (default: the latest"
	@echo "              backup): row counts, Odoo opens it, users log in; then dropped"
	@echo "make staging [DB=dist_demo] [STAGING_DB=<db>_staging] [BACKUP=<dir>] [RESET=1]"
	@echo "              a neutralized copy (no mail out, no scheduled actions) for release tests"
	@echo "make clean    remove .venv, logs and the generated odoo.conf (databases and"
	@echo "              their filestore stay: make run RESET=1 rebuilds the demo)"

run:
	@$(SUITE) run --port $(PORT) --scale $(SCALE) $(if $(RESET),--reset)

test:
	@$(SUITE) test $(if $(KEEP_DB),--keep-db)

test-compat:
	@$(SUITE) test-compat $(if $(KEEP_DB),--keep-db) $(if $(BASELINE),--baseline) $(if $(ADDONS),--addons $(ADDONS)) $(if $(JOBS),--jobs $(JOBS))

test-upgrade:
	@$(SUITE) test-upgrade $(if $(KEEP_DB),--keep-db) $(if $(FROM),--from $(FROM)) $(if $(THEN_UNINSTALL),--then-uninstall)
test-uninstall:
	@$(SUITE) test-uninstall $(if $(KEEP_DB),--keep-db)

screenshots:
	@$(SUITE) screenshots $(if $(KEEP_DB),--keep-db)

lint:
	@$(SUITE) lint

i18n:
	@$(SUITE) i18n $(if $(I18N_DB),--db $(I18N_DB))

i18n-check:
	@$(SUITE) i18n-check $(if $(I18N_DB),--db $(I18N_DB))

setup:
	@$(SUITE) setup

scenario:
	@$(SUITE) scenario --db $(DB) --scale $(SCALE) $(if $(RESET),--reset)

bench: setup
	@.venv/bin/python bench/bench_scenario.py --scale $(SCALE) $(if $(BENCH_DB),--db $(BENCH_DB))

bench-matrix: setup
	@.venv/bin/python bench/bench_approval_matrix.py $(if $(REUSE),--reuse)

bench-replenishment: setup
	@.venv/bin/python bench/bench_replenishment.py --scale $(SCALE) $(if $(BENCH_DB),--db $(BENCH_DB))

bench-wms: setup
	@.venv/bin/python bench/bench_wms.py --scale $(SCALE)

bench-cases: setup
	@.venv/bin/python bench/bench_cases.py --scale $(or $(SCALE),large)

bench-classify: setup
	@.venv/bin/python bench/bench_classify.py

bench-kpi: setup
	@.venv/bin/python bench/bench_kpi.py --scale $(or $(SCALE),large)

bench-audit: setup
	@.venv/bin/python bench/bench_auditlog.py $(if $(BENCH_DB),--db $(BENCH_DB))

scale-check: setup
	@.venv/bin/python tools/scale_check.py --template $(or $(SCALE_CHECK_DB),$(DB)) $(if $(REPLICA_PORT),--replica-port $(REPLICA_PORT))

bench-finance: setup
	@.venv/bin/python bench/bench_finance.py $(if $(REUSE),--reuse) $(if $(BENCH_DB),--db $(BENCH_DB)) $(if $(BILLS),--bills $(BILLS))

bench-load: setup
	@.venv/bin/python bench/bench_load.py $(if $(BENCH_DB),--db $(BENCH_DB)) $(if $(WORKERS),--workers $(WORKERS)) $(if $(USERS),--users $(USERS)) $(if $(DURATION),--duration $(DURATION)) $(if $(THINK),--think $(THINK))

security-doc:
	@$(PYTHON3) tools/security_doc.py

backup:
	@$(SUITE) backup --db $(OPS_DB) $(if $(BACKUP_DIR),--dir $(BACKUP_DIR))

restore:
	@$(SUITE) restore $(if $(BACKUP),--backup $(BACKUP)) $(if $(BACKUP_DIR),--dir $(BACKUP_DIR)) $(if $(filter command line environment environment override,$(origin DB)),--db $(DB)) $(if $(RESET),--reset)

verify-backup:
	@$(SUITE) verify-backup $(if $(BACKUP),--backup $(BACKUP)) $(if $(BACKUP_DIR),--dir $(BACKUP_DIR))

staging:
	@$(SUITE) staging --db $(OPS_DB) $(if $(STAGING_DB),--staging-db $(STAGING_DB)) $(if $(BACKUP),--backup $(BACKUP)) $(if $(BACKUP_DIR),--dir $(BACKUP_DIR)) $(if $(RESET),--reset)

clean:
	rm -rf .venv .local/logs .local/odoo.conf
