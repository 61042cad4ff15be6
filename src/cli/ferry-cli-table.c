/* ferry-cli-table.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>

#include "ferry-cli-output.h"
#include "ferry-cli-table.h"

struct _FerryCliTable
{
  guint      n_columns;
  GPtrArray *rows;  /* of GStrv, the first one the headers */
};

gsize
ferry_cli_display_width (const char *text)
{
  gsize width = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

static GStrv
collect_row (guint   n_columns,
             va_list args)
{
  GStrv row = g_new0 (char *, n_columns + 1);

  for (guint i = 0; i < n_columns; i++)
    {
      const char *cell = va_arg (args, const char *);

      /* A cell is one line of text: a name from the service cannot clear
       * the screen or forge a row. */
      row[i] = cell != NULL && *cell != '\0' ? ferry_cli_escape (cell) : g_strdup ("-");
    }
  return row;
}

FerryCliTable *
ferry_cli_table_new (guint n_columns,
                     ...)
{
  FerryCliTable *self;
  va_list args;

  g_return_val_if_fail (n_columns > 0, NULL);

  self = g_new0 (FerryCliTable, 1);
  self->n_columns = n_columns;
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  va_start (args, n_columns);
  g_ptr_array_add (self->rows, collect_row (n_columns, args));
  va_end (args);

  return self;
}

void
ferry_cli_table_add_row (FerryCliTable *self,
                         ...)
{
  va_list args;

  g_return_if_fail (self != NULL);

  va_start (args, self);
  g_ptr_array_add (self->rows, collect_row (self->n_columns, args));
  va_end (args);
}

char *
ferry_cli_table_to_string (FerryCliTable *self)
{
  g_autofree gsize *widths = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  widths = g_new0 (gsize, self->n_columns);
  for (guint r = 0; r < self->rows->len; r++)
    {
      GStrv row = g_ptr_array_index (self->rows, r);

      for (guint c = 0; c < self->n_columns; c++)
        widths[c] = MAX (widths[c], ferry_cli_display_width (row[c]));
    }

  out = g_string_new (NULL);
  for (guint r = 0; r < self->rows->len; r++)
    {
      GStrv row = g_ptr_array_index (self->rows, r);

      for (guint c = 0; c < self->n_columns; c++)
        {
          g_string_append (out, row[c]);
          /* No trailing blanks after the last column. */
          if (c + 1 < self->n_columns)
            for (gsize pad = ferry_cli_display_width (row[c]); pad < widths[c] + 2; pad++)
              g_string_append_c (out, ' ');
        }
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

void
ferry_cli_table_free (FerryCliTable *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->rows);
  g_free (self);
}

void
ferry_cli_print_table (FerryCliTable *table)
{
  g_autofree char *text = ferry_cli_table_to_string (table);

  g_print ("%s", text);
}
