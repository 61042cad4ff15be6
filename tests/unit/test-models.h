/* test-models.h: what the tests of the models share (test-models*.c)
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One program: the helpers and main() in test-models.c, the tests by
 * service in test-models-ims.c, test-models-iam.c and test-models-cbr.c. */

/* Records are written with ' for " to keep them readable; no value here
 * contains an apostrophe. */
JsonNode   *node_from_string      (const char *text);
JsonObject *object_from_string    (const char *text);
/* @base with @member replaced by the JSON value @value. */
JsonObject *object_with           (const char *base,
                                   const char *member,
                                   const char *value);
/* Serializes @serialized (consumed) to text and parses it again, as a
 * consumer of `ferryctl --json` would read it. */
JsonObject *round_trip            (JsonNode   *serialized);

/* @member of @object holds @expected, of that JSON type. */
void        assert_string_member  (JsonObject *object,
                                   const char *member,
                                   const char *expected);
void        assert_int_member     (JsonObject *object,
                                   const char *member,
                                   gint64      expected);
void        assert_double_member  (JsonObject *object,
                                   const char *member,
                                   double      expected);
void        assert_boolean_member (JsonObject *object,
                                   const char *member,
                                   gboolean    expected);

/* No @object, but an invalid-response error (whose detail names @member,
 * when not NULL). */
void        assert_invalid_member (GObject    *object,
                                   GError     *error,
                                   const char *member);
void        assert_invalid        (GObject    *object,
                                   GError     *error);

/* test-models-ims.c */

void test_image_record               (void);
void test_image_properties_read_only (void);
void test_image_absent_fields        (void);
void test_image_wrong_types          (void);
void test_image_missing_id           (void);
void test_image_status               (void);
void test_image_status_labels        (void);
void test_image_kind                 (void);
void test_image_backup_source        (void);
void test_image_encrypted_private    (void);
void test_image_serialize            (void);
void test_image_enum_types           (void);
void test_job_record                 (void);
void test_job_failed                 (void);
void test_job_status                 (void);
void test_job_process_percent        (void);
void test_job_invalid                (void);
void test_job_serialize              (void);

/* test-models-iam.c */

void test_project_record          (void);
void test_project_region          (void);
void test_project_invalid         (void);
void test_project_serialize       (void);
void test_agency_record           (void);
void test_agency_trusts_ims       (void);
void test_agency_invalid          (void);
void test_agency_serialize        (void);
void test_role_record             (void);
void test_role_absent_and_invalid (void);
void test_role_serialize          (void);

/* test-models-cbr.c */

void test_vault_record    (void);
void test_vault_helpers   (void);
void test_vault_invalid   (void);
void test_vault_serialize (void);

G_END_DECLS
