/* ferry-test-json.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-test-json.h"

char *
ferry_test_json_nested (guint depth)
{
  GString *s = g_string_new ("{\"a\":");

  for (guint i = 1; i < depth; i++)
    g_string_append_c (s, '[');
  for (guint i = 1; i < depth; i++)
    g_string_append_c (s, ']');
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}
