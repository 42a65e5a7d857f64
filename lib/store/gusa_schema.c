/* GUSA's schema (docs/gusa.md, "Data model"), migrations for both backends.
 *
 * The tables are written once with two tokens a backend replaces: @ID@ (the
 * row id: SQLite's INTEGER PRIMARY KEY, PostgreSQL's identity column) and
 * @NOW5Y@ (an SQL expression: the UTC time five years ago, as the audit
 * log's "at" text). Triggers differ and are written for each. migration[i]
 * takes the database from version i to i + 1. */
#include <stdlib.h>
#include <string.h>

#include "gusa_internal.h"

static const char tables_1[] =
    "CREATE TABLE person (\n"
    "  id @ID@, iss TEXT NOT NULL, sub TEXT NOT NULL, name TEXT NOT NULL, email TEXT,\n"
    "  kommune INTEGER NOT NULL, created_at TEXT NOT NULL, UNIQUE (iss, sub));\n"
    "CREATE TABLE child (\n"
    "  id @ID@, name TEXT NOT NULL, born TEXT NOT NULL, kommune INTEGER NOT NULL,\n"
    "  person_id BIGINT REFERENCES person(id));\n"
    "CREATE TABLE custody (\n"
    "  child_id BIGINT NOT NULL REFERENCES child(id), person_id BIGINT NOT NULL REFERENCES person(id),\n"
    "  PRIMARY KEY (child_id, person_id));\n"
    "CREATE INDEX custody_person ON custody (person_id);\n"
    "CREATE TABLE staff (\n"
    "  id @ID@, iss TEXT NOT NULL, sub TEXT NOT NULL, name TEXT NOT NULL, email TEXT,\n"
    "  role TEXT NOT NULL CHECK (role IN ('medarbejder','myndighed','leder','revisor')),\n"
    "  centre TEXT NOT NULL CHECK (centre IN ('boern-laering','familie-forebyggelse',"
    "'arbejdsmarked','social','sundhed-omsorg')),\n"
    "  created_at TEXT NOT NULL, UNIQUE (iss, sub));\n"
    "CREATE TABLE gusa_case (\n"
    "  id @ID@, kommune INTEGER NOT NULL, child_id BIGINT NOT NULL REFERENCES child(id),\n"
    "  opener_kind TEXT NOT NULL CHECK (opener_kind IN ('person','staff')),\n"
    "  opener_id BIGINT NOT NULL, title TEXT NOT NULL, reason TEXT NOT NULL,\n"
    "  status TEXT NOT NULL CHECK (status IN ('open','closed')), outcome TEXT,\n"
    "  opened_at TEXT NOT NULL, closed_at TEXT);\n"
    "CREATE INDEX gusa_case_child ON gusa_case (child_id);\n"
    "CREATE TABLE participant (\n"
    "  id @ID@, case_id BIGINT NOT NULL REFERENCES gusa_case(id),\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('person','staff')), ref BIGINT NOT NULL,\n"
    "  role TEXT NOT NULL CHECK (role IN ('foraelder','ung','netvaerk','fagperson',"
    "'koordinator','myndighed')),\n"
    "  centre TEXT, added_at TEXT NOT NULL, UNIQUE (case_id, kind, ref));\n"
    "CREATE INDEX participant_ref ON participant (kind, ref);\n"
    "CREATE TABLE invitation (\n"
    "  id @ID@, case_id BIGINT NOT NULL REFERENCES gusa_case(id),\n"
    "  token_sha256 TEXT NOT NULL UNIQUE,\n"
    "  staff_id BIGINT REFERENCES staff(id), person_id BIGINT REFERENCES person(id), email TEXT,\n"
    "  role TEXT NOT NULL, centre TEXT, created_by BIGINT NOT NULL REFERENCES participant(id),\n"
    "  created_at TEXT NOT NULL, expires_at TEXT NOT NULL,\n"
    "  status TEXT NOT NULL CHECK (status IN ('open','accepted')), accepted_at TEXT,\n"
    "  CHECK ((CASE WHEN staff_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN person_id IS NULL THEN 0 ELSE 1 END)\n"
    "    + (CASE WHEN email IS NULL THEN 0 ELSE 1 END) = 1));\n"
    "CREATE TABLE consent (\n"
    "  id @ID@, case_id BIGINT NOT NULL REFERENCES gusa_case(id),\n"
    "  grantor BIGINT NOT NULL REFERENCES person(id), info_types TEXT NOT NULL,\n"
    "  recipients TEXT NOT NULL, purpose TEXT NOT NULL, valid_to TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL, revoked_at TEXT);\n"
    "CREATE TABLE concern (\n"
    "  id @ID@, case_id BIGINT NOT NULL REFERENCES gusa_case(id),\n"
    "  author BIGINT NOT NULL REFERENCES participant(id), created_at TEXT NOT NULL,\n"
    "  supersedes BIGINT REFERENCES concern(id),\n"
    "  observed_on TEXT NOT NULL, info_type TEXT NOT NULL, text TEXT NOT NULL);\n"
    "CREATE TABLE resource (\n"
    "  id @ID@, case_id BIGINT NOT NULL REFERENCES gusa_case(id),\n"
    "  author BIGINT NOT NULL REFERENCES participant(id), created_at TEXT NOT NULL,\n"
    "  supersedes BIGINT REFERENCES resource(id),\n"
    "  owner TEXT NOT NULL CHECK (owner IN ('child','family','network')), text TEXT NOT NULL);\n"
    "CREATE TABLE goal (\n"
    "  id @ID@, case_id BIGINT NOT NULL REFERENCES gusa_case(id),\n"
    "  author BIGINT NOT NULL REFERENCES participant(id), created_at TEXT NOT NULL,\n"
    "  supersedes BIGINT REFERENCES goal(id),\n"
    "  text TEXT NOT NULL, indicator TEXT NOT NULL, follow_up_on TEXT NOT NULL);\n"
    "CREATE TABLE followup (\n"
    "  id @ID@, case_id BIGINT NOT NULL REFERENCES gusa_case(id),\n"
    "  goal_id BIGINT NOT NULL REFERENCES goal(id),\n"
    "  author BIGINT NOT NULL REFERENCES participant(id), created_at TEXT NOT NULL,\n"
    "  status TEXT NOT NULL CHECK (status IN ('naaet','delvist','ikke_naaet')), note TEXT NOT NULL);\n"
    "CREATE TABLE action (\n"
    "  id @ID@, case_id BIGINT NOT NULL REFERENCES gusa_case(id),\n"
    "  author BIGINT NOT NULL REFERENCES participant(id), created_at TEXT NOT NULL,\n"
    "  supersedes BIGINT REFERENCES action(id),\n"
    "  text TEXT NOT NULL, ladder_step INTEGER NOT NULL CHECK (ladder_step BETWEEN 0 AND 6),\n"
    "  legal_basis TEXT NOT NULL, start_on TEXT NOT NULL, end_on TEXT, cost_dkk BIGINT NOT NULL);\n"
    "CREATE TABLE meeting (\n"
    "  id @ID@, case_id BIGINT NOT NULL REFERENCES gusa_case(id),\n"
    "  author BIGINT NOT NULL REFERENCES participant(id), created_at TEXT NOT NULL,\n"
    "  supersedes BIGINT REFERENCES meeting(id),\n"
    "  held_on TEXT NOT NULL, attendees TEXT NOT NULL, minutes TEXT NOT NULL);\n"
    "CREATE TABLE feedback (\n"
    "  id @ID@, case_id BIGINT NOT NULL REFERENCES gusa_case(id),\n"
    "  meeting_id BIGINT NOT NULL REFERENCES meeting(id),\n"
    "  participant BIGINT NOT NULL REFERENCES participant(id), created_at TEXT NOT NULL,\n"
    "  heard INTEGER NOT NULL CHECK (heard BETWEEN 1 AND 5),\n"
    "  agreed INTEGER NOT NULL CHECK (agreed BETWEEN 1 AND 5),\n"
    "  resources INTEGER NOT NULL CHECK (resources BETWEEN 1 AND 5),\n"
    "  UNIQUE (meeting_id, participant));\n"
    "CREATE INDEX concern_case ON concern (case_id);\n"
    "CREATE INDEX resource_case ON resource (case_id);\n"
    "CREATE INDEX goal_case ON goal (case_id);\n"
    "CREATE INDEX followup_case ON followup (case_id);\n"
    "CREATE INDEX action_case ON action (case_id);\n"
    "CREATE INDEX meeting_case ON meeting (case_id);\n"
    "CREATE INDEX feedback_case ON feedback (case_id);\n"
    "CREATE INDEX consent_case ON consent (case_id);\n"
    "CREATE INDEX invitation_case ON invitation (case_id);\n"
    "CREATE TABLE session (\n"
    "  id @ID@, sid_sha256 TEXT NOT NULL UNIQUE, actor_kind TEXT NOT NULL, actor_id BIGINT NOT NULL,\n"
    "  csrf_sha256 TEXT NOT NULL, created_at TEXT NOT NULL, last_seen TEXT NOT NULL,\n"
    "  expires_at TEXT NOT NULL, ended_at TEXT);\n"
    "CREATE TABLE login_flow (\n"
    "  id @ID@, state_sha256 TEXT NOT NULL UNIQUE, idp TEXT NOT NULL, nonce TEXT NOT NULL,\n"
    "  pkce_verifier TEXT NOT NULL, browser_sha256 TEXT NOT NULL, created_at TEXT NOT NULL,\n"
    "  expires_at TEXT NOT NULL, used_at TEXT);\n"
    "CREATE TABLE case_stat (\n"
    "  id @ID@, kommune INTEGER NOT NULL, opened_year INTEGER NOT NULL, closed_year INTEGER,\n"
    "  outcome TEXT, max_ladder_step INTEGER, n_actions INTEGER NOT NULL, cost_dkk BIGINT NOT NULL,\n"
    "  n_meetings INTEGER NOT NULL, deleted_at TEXT NOT NULL);\n"
    "CREATE TABLE audit_log (\n"
    "  seq BIGINT PRIMARY KEY, at TEXT NOT NULL, actor_kind TEXT NOT NULL, actor_id BIGINT NOT NULL,\n"
    "  actor_role TEXT NOT NULL, actor_centre TEXT NOT NULL,\n"
    "  action TEXT NOT NULL CHECK (action IN ('read','write','login','export')),\n"
    "  object TEXT NOT NULL, case_id BIGINT NOT NULL, subjects TEXT NOT NULL,\n"
    "  purpose TEXT NOT NULL, outcome TEXT NOT NULL CHECK (outcome IN ('ok','denied','error')),\n"
    "  prev TEXT NOT NULL, hash TEXT NOT NULL);\n"
    "CREATE INDEX audit_case ON audit_log (case_id);\n";

/* Case content is append-only (a correction is a new row that supersedes
 * the old one); a case's header changes once, from open to closed; an
 * invitation once, from open to accepted; a consent once, when revoked. The
 * audit log refuses UPDATE always and DELETE of rows younger than five
 * years (retention). */
static const char sqlite_triggers_1[] =
    "CREATE TRIGGER concern_no_update BEFORE UPDATE ON concern BEGIN SELECT RAISE(ABORT, 'case content is append-only: add a new version'); END;\n"
    "CREATE TRIGGER resource_no_update BEFORE UPDATE ON resource BEGIN SELECT RAISE(ABORT, 'case content is append-only: add a new version'); END;\n"
    "CREATE TRIGGER goal_no_update BEFORE UPDATE ON goal BEGIN SELECT RAISE(ABORT, 'case content is append-only: add a new version'); END;\n"
    "CREATE TRIGGER followup_no_update BEFORE UPDATE ON followup BEGIN SELECT RAISE(ABORT, 'case content is append-only: add a new version'); END;\n"
    "CREATE TRIGGER action_no_update BEFORE UPDATE ON action BEGIN SELECT RAISE(ABORT, 'case content is append-only: add a new version'); END;\n"
    "CREATE TRIGGER meeting_no_update BEFORE UPDATE ON meeting BEGIN SELECT RAISE(ABORT, 'case content is append-only: add a new version'); END;\n"
    "CREATE TRIGGER feedback_no_update BEFORE UPDATE ON feedback BEGIN SELECT RAISE(ABORT, 'case content is append-only: add a new version'); END;\n"
    "CREATE TRIGGER participant_no_update BEFORE UPDATE ON participant BEGIN SELECT RAISE(ABORT, 'participants are append-only'); END;\n"
    "CREATE TRIGGER gusa_case_close_only BEFORE UPDATE ON gusa_case\n"
    "  WHEN OLD.status = 'closed' OR NEW.status <> 'closed' OR NEW.kommune IS NOT OLD.kommune\n"
    "    OR NEW.child_id IS NOT OLD.child_id OR NEW.opener_kind IS NOT OLD.opener_kind\n"
    "    OR NEW.opener_id IS NOT OLD.opener_id OR NEW.title IS NOT OLD.title\n"
    "    OR NEW.reason IS NOT OLD.reason OR NEW.opened_at IS NOT OLD.opened_at\n"
    "  BEGIN SELECT RAISE(ABORT, 'a case changes only once, when it is closed'); END;\n"
    "CREATE TRIGGER invitation_accept_only BEFORE UPDATE ON invitation\n"
    "  WHEN OLD.status <> 'open' OR NEW.status <> 'accepted' OR NEW.token_sha256 IS NOT OLD.token_sha256\n"
    "    OR NEW.case_id IS NOT OLD.case_id OR NEW.staff_id IS NOT OLD.staff_id\n"
    "    OR NEW.person_id IS NOT OLD.person_id OR NEW.email IS NOT OLD.email\n"
    "    OR NEW.role IS NOT OLD.role OR NEW.expires_at IS NOT OLD.expires_at\n"
    "  BEGIN SELECT RAISE(ABORT, 'an invitation changes only once, when it is accepted'); END;\n"
    "CREATE TRIGGER consent_revoke_only BEFORE UPDATE ON consent\n"
    "  WHEN OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL OR NEW.case_id IS NOT OLD.case_id\n"
    "    OR NEW.grantor IS NOT OLD.grantor OR NEW.info_types IS NOT OLD.info_types\n"
    "    OR NEW.recipients IS NOT OLD.recipients OR NEW.purpose IS NOT OLD.purpose\n"
    "    OR NEW.valid_to IS NOT OLD.valid_to OR NEW.created_at IS NOT OLD.created_at\n"
    "  BEGIN SELECT RAISE(ABORT, 'a consent changes only once, when it is revoked'); END;\n"
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
    "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log\n"
    "  WHEN OLD.at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-5 years')\n"
    "  BEGIN SELECT RAISE(ABORT, 'the audit log is kept five years'); END;\n";

static const char pg_triggers_1[] =
    "CREATE FUNCTION gusa_append_only() RETURNS trigger LANGUAGE plpgsql AS\n"
    "  $f$ BEGIN RAISE EXCEPTION 'case content is append-only: add a new version'; END $f$;\n"
    "CREATE TRIGGER concern_no_update BEFORE UPDATE ON concern FOR EACH ROW EXECUTE FUNCTION gusa_append_only();\n"
    "CREATE TRIGGER resource_no_update BEFORE UPDATE ON resource FOR EACH ROW EXECUTE FUNCTION gusa_append_only();\n"
    "CREATE TRIGGER goal_no_update BEFORE UPDATE ON goal FOR EACH ROW EXECUTE FUNCTION gusa_append_only();\n"
    "CREATE TRIGGER followup_no_update BEFORE UPDATE ON followup FOR EACH ROW EXECUTE FUNCTION gusa_append_only();\n"
    "CREATE TRIGGER action_no_update BEFORE UPDATE ON action FOR EACH ROW EXECUTE FUNCTION gusa_append_only();\n"
    "CREATE TRIGGER meeting_no_update BEFORE UPDATE ON meeting FOR EACH ROW EXECUTE FUNCTION gusa_append_only();\n"
    "CREATE TRIGGER feedback_no_update BEFORE UPDATE ON feedback FOR EACH ROW EXECUTE FUNCTION gusa_append_only();\n"
    "CREATE TRIGGER participant_no_update BEFORE UPDATE ON participant FOR EACH ROW EXECUTE FUNCTION gusa_append_only();\n"
    "CREATE FUNCTION gusa_case_close_only() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN\n"
    "  IF OLD.status = 'closed' OR NEW.status <> 'closed' OR NEW.kommune IS DISTINCT FROM OLD.kommune\n"
    "    OR NEW.child_id IS DISTINCT FROM OLD.child_id OR NEW.opener_kind IS DISTINCT FROM OLD.opener_kind\n"
    "    OR NEW.opener_id IS DISTINCT FROM OLD.opener_id OR NEW.title IS DISTINCT FROM OLD.title\n"
    "    OR NEW.reason IS DISTINCT FROM OLD.reason OR NEW.opened_at IS DISTINCT FROM OLD.opened_at THEN\n"
    "    RAISE EXCEPTION 'a case changes only once, when it is closed'; END IF;\n"
    "  RETURN NEW; END $f$;\n"
    "CREATE TRIGGER gusa_case_close_only BEFORE UPDATE ON gusa_case FOR EACH ROW EXECUTE FUNCTION gusa_case_close_only();\n"
    "CREATE FUNCTION invitation_accept_only() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN\n"
    "  IF OLD.status <> 'open' OR NEW.status <> 'accepted' OR NEW.token_sha256 IS DISTINCT FROM OLD.token_sha256\n"
    "    OR NEW.case_id IS DISTINCT FROM OLD.case_id OR NEW.staff_id IS DISTINCT FROM OLD.staff_id\n"
    "    OR NEW.person_id IS DISTINCT FROM OLD.person_id OR NEW.email IS DISTINCT FROM OLD.email\n"
    "    OR NEW.role IS DISTINCT FROM OLD.role OR NEW.expires_at IS DISTINCT FROM OLD.expires_at THEN\n"
    "    RAISE EXCEPTION 'an invitation changes only once, when it is accepted'; END IF;\n"
    "  RETURN NEW; END $f$;\n"
    "CREATE TRIGGER invitation_accept_only BEFORE UPDATE ON invitation FOR EACH ROW EXECUTE FUNCTION invitation_accept_only();\n"
    "CREATE FUNCTION consent_revoke_only() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN\n"
    "  IF OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL OR NEW.case_id IS DISTINCT FROM OLD.case_id\n"
    "    OR NEW.grantor IS DISTINCT FROM OLD.grantor OR NEW.info_types IS DISTINCT FROM OLD.info_types\n"
    "    OR NEW.recipients IS DISTINCT FROM OLD.recipients OR NEW.purpose IS DISTINCT FROM OLD.purpose\n"
    "    OR NEW.valid_to IS DISTINCT FROM OLD.valid_to OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN\n"
    "    RAISE EXCEPTION 'a consent changes only once, when it is revoked'; END IF;\n"
    "  RETURN NEW; END $f$;\n"
    "CREATE TRIGGER consent_revoke_only BEFORE UPDATE ON consent FOR EACH ROW EXECUTE FUNCTION consent_revoke_only();\n"
    "CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN\n"
    "  IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'the audit log is append-only'; END IF;\n"
    "  IF OLD.at > to_char((now() AT TIME ZONE 'UTC') - interval '5 years', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') THEN\n"
    "    RAISE EXCEPTION 'the audit log is kept five years'; END IF;\n"
    "  RETURN OLD; END $f$;\n"
    "CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_guard();\n"
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION gusa_append_only();\n"
    /* The application's role, when it does not own the table, may only add. */
    "DO $d$ BEGIN\n"
    "  IF (SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log' AND schemaname = current_schema())\n"
    "     <> current_user THEN\n"
    "    EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ' || quote_ident(current_user);\n"
    "  END IF; END $d$;\n";

/* text with every token replaced; malloc'd. */
static char *expand(const char *text, const char *id, const char *now5y)
{
    size_t n = strlen(text), cap = n * 3 + 64, k = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    for (const char *p = text; *p;) {
        const char *rep = NULL;
        size_t skip = 0;
        if (strncmp(p, "@ID@", 4) == 0) {
            rep = id;
            skip = 4;
        } else if (strncmp(p, "@NOW5Y@", 7) == 0) {
            rep = now5y;
            skip = 7;
        }
        if (rep) {
            size_t r = strlen(rep);
            if (k + r + 1 > cap) {
                free(out);
                return NULL;
            }
            memcpy(out + k, rep, r);
            k += r;
            p += skip;
        } else {
            if (k + 2 > cap) {
                free(out);
                return NULL;
            }
            out[k++] = *p++;
        }
    }
    out[k] = '\0';
    return out;
}

/* Version 2: stakeholders' proposals for Socialt Indeks (issue 17;
 * docs/proposals.md). Organisations and their members; a proposal, its
 * support (one per organisation: the primary key) and comments are
 * append-only; a proposal changes once, when an editor decides it, and once
 * more, when an export takes it into an edition. */
static const char tables_2[] =
    "CREATE TABLE organisation (\n"
    "  id @ID@, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, created_at TEXT NOT NULL);\n"
    "CREATE TABLE stakeholder (\n"
    "  id @ID@, iss TEXT NOT NULL, sub TEXT NOT NULL, name TEXT NOT NULL,\n"
    "  organisation_id BIGINT NOT NULL REFERENCES organisation(id),\n"
    "  role TEXT NOT NULL CHECK (role IN ('forslagsstiller','redaktoer')),\n"
    "  created_at TEXT NOT NULL, UNIQUE (iss, sub));\n"
    "CREATE TABLE proposal (\n"
    "  id @ID@, organisation_id BIGINT NOT NULL REFERENCES organisation(id),\n"
    "  stakeholder_id BIGINT NOT NULL REFERENCES stakeholder(id),\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('ny','aendring','fjern','anbefaling')),\n"
    "  icode TEXT NOT NULL, name TEXT, definition TEXT, unit TEXT, direction TEXT, domain TEXT,\n"
    "  source TEXT, frequency TEXT, recommendation TEXT, why TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL,\n"
    "  status TEXT NOT NULL CHECK (status IN ('aaben','accepteret','afvist')),\n"
    "  decided_at TEXT, decided_by BIGINT REFERENCES stakeholder(id), reason TEXT,\n"
    "  edition TEXT);\n"
    "CREATE TABLE proposal_support (\n"
    "  proposal_id BIGINT NOT NULL REFERENCES proposal(id),\n"
    "  organisation_id BIGINT NOT NULL REFERENCES organisation(id),\n"
    "  stakeholder_id BIGINT NOT NULL REFERENCES stakeholder(id), created_at TEXT NOT NULL,\n"
    "  PRIMARY KEY (proposal_id, organisation_id));\n"
    "CREATE TABLE proposal_comment (\n"
    "  id @ID@, proposal_id BIGINT NOT NULL REFERENCES proposal(id),\n"
    "  organisation_id BIGINT NOT NULL REFERENCES organisation(id),\n"
    "  stakeholder_id BIGINT NOT NULL REFERENCES stakeholder(id), text TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL);\n"
    "CREATE INDEX proposal_comment_p ON proposal_comment (proposal_id);\n";

ix_status ix__gusa_migrate_step(ix_gusa_store *s, size_t step, ix_diag *d)
{
    if (step > 1)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL, "no GUSA migration %zu", step);
    int pg = s->pg;
    char *tables = expand(step == 0 ? tables_1 : tables_2,
                          pg ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
                             : "INTEGER PRIMARY KEY",
                          "");
    if (!tables)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ix_status st = s->ops->script(s->conn, tables, d);
    free(tables);
    if (!st && step == 0)
        st = s->ops->script(s->conn, pg ? pg_triggers_1 : sqlite_triggers_1, d);
    return st;
}

size_t ix__gusa_migration_count(void)
{
    return IX_GUSA_SCHEMA_VERSION;
}
