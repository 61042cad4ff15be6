/* ferry-text.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-error.h"
#include "ferry-text.h"

#define WORD_JOINER "\xe2\x81\xa0"

char *
ferry_text_keep_codes (const char *text)
{
  static GRegex *code;

  if (text == NULL)
    return NULL;
  if (g_once_init_enter (&code))
    /* Letters, a dot, digits: IMG.0167, IAM.0002, BackupService.6105. */
    g_once_init_leave (&code, g_regex_new ("\\b([A-Za-z]+)\\.([0-9]+)\\b", G_REGEX_OPTIMIZE, 0, NULL));
  return g_regex_replace (code, text, -1, 0, "\\1." WORD_JOINER "\\2", 0, NULL);
}

char *
ferry_text_format_error (const GError *error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  text = error->domain == FERRY_API_ERROR ? ferry_api_error_format (error) : g_strdup (error->message);
  return ferry_text_keep_codes (text);
}
