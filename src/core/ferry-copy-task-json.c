/* ferry-copy-task-json.c: a FerryCopyTask in the task file, read and written
 *
 * The members' names are those of ferry_task_string_names and
 * ferry_task_time_names (ferry-copy-task.c); times are ISO 8601 in UTC
 * with microseconds, and what has no value is left out.
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-copy-task-fields.h"
#include "ferry-json.h"

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) seconds = NULL;
  g_autoptr(GDateTime) exact = NULL;
  gint64 whole = usec / G_USEC_PER_SEC;
  gint64 rest = usec % G_USEC_PER_SEC;

  if (rest < 0)
    {
      whole--;
      rest += G_USEC_PER_SEC;
    }

  seconds = g_date_time_new_from_unix_utc (whole);
  if (seconds == NULL)
    return NULL;
  exact = g_date_time_add (seconds, rest);
  return g_date_time_format (exact, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static gboolean
parse_time (JsonObject  *object,
            const char  *member,
            gint64      *value,
            GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) when = NULL;

  *value = 0;
  if (!ferry_json_get_string (object, member, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  when = g_date_time_new_from_iso8601 (text, NULL);
  if (when == NULL)
    return ferry_json_set_invalid (error, member, "not an ISO 8601 time");

  *value = g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
  return TRUE;
}

static gboolean
parse_enum (JsonObject  *object,
            const char  *member,
            GType        type,
            int         *value,
            GError     **error)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  g_autofree char *nick = NULL;
  GEnumValue *found;

  if (!ferry_json_require_string (object, member, &nick, error))
    return FALSE;

  found = g_enum_get_value_by_nick (klass, nick);
  if (found == NULL)
    return ferry_json_set_invalid (error, member, "unknown value");

  *value = found->value;
  return TRUE;
}

static gboolean
parse_owner (FerryCopyTask  *self,
             JsonObject     *object,
             GError        **error)
{
  JsonObject *owner = NULL;
  g_autofree char *host = NULL;
  g_autofree char *boot_id = NULL;
  g_autofree char *instance = NULL;
  gint64 pid = 0;

  if (!ferry_json_get_object (object, "owner", &owner, error))
    return FALSE;
  if (owner == NULL)
    return TRUE;

  if (!ferry_json_get_int64 (owner, "pid", 0, &pid, error) ||
      !ferry_json_get_string (owner, "host", &host, error) ||
      !ferry_json_get_string (owner, "boot_id", &boot_id, error) ||
      !ferry_json_get_string (owner, "instance", &instance, error))
    return FALSE;
  if (pid <= 0)
    return ferry_json_set_invalid (error, "owner", "pid missing or not positive");

  self->owner_pid = pid;
  self->owner_host = g_steal_pointer (&host);
  self->owner_boot_id = g_steal_pointer (&boot_id);
  self->owner_instance = g_steal_pointer (&instance);
  self->owner_display = g_strdup_printf ("%" G_GINT64_FORMAT "@%s", pid,
                                         self->owner_host != NULL ? self->owner_host : "?");
  return TRUE;
}

static gboolean
parse_tags (FerryCopyTask  *self,
            JsonObject     *object,
            GError        **error)
{
  JsonObject *tags = NULL;
  JsonArray *failed = NULL;
  gint64 copied = 0;
  gboolean copy_tags = TRUE, pending = FALSE;

  if (!ferry_json_get_boolean (object, "copy_tags", TRUE, &copy_tags, error) ||
      !ferry_json_get_boolean (object, "tags_pending", FALSE, &pending, error) ||
      !ferry_json_get_object (object, "tags", &tags, error))
    return FALSE;
  self->copy_tags = copy_tags;
  self->tags_pending = pending;
  if (tags == NULL)
    return TRUE;

  if (!ferry_json_get_int64 (tags, "copied", 0, &copied, error))
    return FALSE;
  if (copied < 0 || copied > G_MAXUINT)
    return ferry_json_set_invalid (error, "copied", "out of range");
  if (json_object_has_member (tags, "failed") &&
      !ferry_json_require_array (tags, "failed", &failed, error))
    return FALSE;

  self->tags_copied = copied;
  self->tag_failures = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_tag_failure_free);
  for (guint i = 0; failed != NULL && i < json_array_get_length (failed); i++)
    {
      JsonNode *node = json_array_get_element (failed, i);
      g_autofree char *key = NULL;
      g_autofree char *code = NULL;
      g_autofree char *reason = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return ferry_json_set_invalid (error, "failed", "not an object");
      if (!ferry_json_get_string (json_node_get_object (node), "key", &key, error) ||
          !ferry_json_get_string (json_node_get_object (node), "code", &code, error) ||
          !ferry_json_get_string (json_node_get_object (node), "reason", &reason, error))
        return FALSE;
      g_ptr_array_add (self->tag_failures, ferry_tag_failure_new (key, code, reason));
    }
  return TRUE;
}

FerryCopyTask *
ferry_copy_task_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(FerryCopyTask) self = NULL;
  g_autofree char *endpoint = NULL;
  static const StringField required[] = {
    S_ID, S_IMAGE_ID, S_SOURCE_REGION, S_DESTINATION_REGION, S_NAME,
  };
  int kind = 0, state = 0;
  gint64 attempts = 0, lookups = 0;
  gboolean still_running = FALSE;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (FERRY_TYPE_COPY_TASK, NULL);

  for (guint i = 0; i < N_STRINGS; i++)
    if (!ferry_json_get_string (object, ferry_task_string_names[i].member, &self->strings[i],
                                error))
      return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (self->strings[required[i]] == NULL)
      return (ferry_json_set_invalid (error, ferry_task_string_names[required[i]].member,
                                      "missing"), NULL);

  for (guint i = 0; i < N_TIMES; i++)
    if (!parse_time (object, ferry_task_time_names[i].member, &self->times[i], error))
      return NULL;

  if (!parse_enum (object, "kind", FERRY_TYPE_COPY_KIND, &kind, error) ||
      !parse_enum (object, "state", FERRY_TYPE_TASK_STATE, &state, error))
    return NULL;
  self->kind = kind;
  self->state = state;

  if (!ferry_json_get_string (object, "job_endpoint", &endpoint, error))
    return NULL;
  if (endpoint != NULL)
    {
      guint i;

      for (i = 0; i < G_N_ELEMENTS (ferry_task_job_endpoint_names); i++)
        if (g_str_equal (endpoint, ferry_task_job_endpoint_names[i]))
          break;
      if (i == G_N_ELEMENTS (ferry_task_job_endpoint_names))
        return (ferry_json_set_invalid (error, "job_endpoint", "unknown value"), NULL);
      self->has_job_endpoint = TRUE;
      self->job_endpoint = i;
    }

  if (!ferry_json_get_finite_double (object, "fraction", 0.0, &self->fraction, error))
    return NULL;
  if (self->fraction < 0.0 || self->fraction > 1.0)
    return (ferry_json_set_invalid (error, "fraction", "out of range"), NULL);

  if (!ferry_json_get_int64 (object, "attempts", 0, &attempts, error) ||
      !ferry_json_get_int64 (object, "lookups", 0, &lookups, error) ||
      !ferry_json_get_boolean (object, "still_running", FALSE, &still_running, error))
    return NULL;
  if (attempts < 0 || attempts > G_MAXUINT)
    return (ferry_json_set_invalid (error, "attempts", "out of range"), NULL);
  if (lookups < 0 || lookups > G_MAXUINT)
    return (ferry_json_set_invalid (error, "lookups", "out of range"), NULL);
  self->attempts = attempts;
  self->lookups = lookups;
  self->still_running = still_running;

  if (!parse_owner (self, object, error) ||
      !parse_tags (self, object, error))
    return NULL;

  /* Files written before queued_at existed: creation order. */
  if (self->times[T_QUEUED_AT] == 0)
    self->times[T_QUEUED_AT] = self->times[T_CREATED_AT];

  return g_steal_pointer (&self);
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       value)
{
  g_autofree char *text = NULL;

  if (value == 0)
    return;
  text = format_time (value);
  ferry_json_add_string (builder, member, text);
}

static void
add_enum (JsonBuilder *builder,
          const char  *member,
          GType        type,
          int          value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  ferry_json_add_string (builder, member, found != NULL ? found->value_nick : NULL);
}

static void
add_tags (FerryCopyTask *self,
          JsonBuilder   *builder)
{
  ferry_json_add_boolean (builder, "copy_tags", self->copy_tags);
  if (self->tags_pending)
    ferry_json_add_boolean (builder, "tags_pending", TRUE);
  if (self->tag_failures == NULL)
    return;

  json_builder_set_member_name (builder, "tags");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "copied");
  json_builder_add_int_value (builder, self->tags_copied);
  json_builder_set_member_name (builder, "failed");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->tag_failures->len; i++)
    {
      FerryTagFailure *f = g_ptr_array_index (self->tag_failures, i);

      json_builder_begin_object (builder);
      ferry_json_add_string (builder, "key", f->key);
      ferry_json_add_string (builder, "code", f->code);
      ferry_json_add_string (builder, "reason", f->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

JsonNode *
ferry_copy_task_serialize (FerryCopyTask *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  ferry_json_add_string (builder, "id", self->strings[S_ID]);
  add_enum (builder, "kind", FERRY_TYPE_COPY_KIND, self->kind);
  add_enum (builder, "state", FERRY_TYPE_TASK_STATE, self->state);
  for (guint i = S_ID + 1; i < N_STRINGS; i++)
    ferry_json_add_string (builder, ferry_task_string_names[i].member, self->strings[i]);
  if (self->has_job_endpoint)
    ferry_json_add_string (builder, "job_endpoint",
                           ferry_task_job_endpoint_names[self->job_endpoint]);

  json_builder_set_member_name (builder, "fraction");
  json_builder_add_double_value (builder, self->fraction);
  json_builder_set_member_name (builder, "attempts");
  json_builder_add_int_value (builder, self->attempts);
  json_builder_set_member_name (builder, "lookups");
  json_builder_add_int_value (builder, self->lookups);
  ferry_json_add_boolean (builder, "still_running", self->still_running);

  for (guint i = 0; i < N_TIMES; i++)
    add_time (builder, ferry_task_time_names[i].member, self->times[i]);

  add_tags (self, builder);

  if (self->owner_pid > 0)
    {
      json_builder_set_member_name (builder, "owner");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "pid");
      json_builder_add_int_value (builder, self->owner_pid);
      ferry_json_add_string (builder, "host", self->owner_host);
      ferry_json_add_string (builder, "boot_id", self->owner_boot_id);
      ferry_json_add_string (builder, "instance", self->owner_instance);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
