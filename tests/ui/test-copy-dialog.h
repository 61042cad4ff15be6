/* test-copy-dialog.h: what the copy dialog's UI tests share
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tests of the copy dialog are in three files: the form and the rules
 * it applies (test-copy-dialog.c), the agencies and vaults it offers
 * (test-copy-dialog-choices.c), and what Copy does (test-copy-dialog-asking.c).
 * Each test opens its own window on the sandbox's demo data, made afresh
 * (copy_dialog_open_window()), and ends by destroying it and checking that
 * it was finalized; each dialog is checked when it closes.
 */

#pragma once

#include "ferry-application.h"
#include "ferry-client.h"
#include "ferry-copy-choice.h"
#include "ferry-copy-dialog.h"
#include "ferry-copy-task.h"
#include "ferry-images-page.h"
#include "ferry-window.h"

G_BEGIN_DECLS

/* The process's application; the test's window and its images page. */
extern FerryApplication *app;
extern FerryWindow *window;
extern FerryImagesPage *page;

/* The fixture of every test: the sandbox's demo data afresh, and a window
 * of its own on it, showing the home region's images, as large as the
 * screen. The test ends with ferry_test_ui_destroy_and_assert_finalized(). */
void             copy_dialog_open_window (void);

/* The whole form, below the fold too. */
void             screenshot_form       (FerryCopyDialog *dialog,
                                        const char      *what);
/* The dialog's part @name, asserting it is there. */
gpointer         child                 (FerryCopyDialog *dialog,
                                        const char      *name);
/* Shows the images of @region, once loaded. */
void             show_region           (const char      *region);
guint            image_position        (const char      *name);
void             wait_settled          (FerryCopyDialog *dialog);
/* Selects the images named (NULL-terminated) and opens the dialog through
 * the window's action, as "Copy…" does. */
FerryCopyDialog *open_dialog           (const char      *first,
                                        ...) G_GNUC_NULL_TERMINATED;
gboolean         is_gone               (gpointer         data);
/* Closes @dialog and asserts that it is finalized. */
void             close_dialog          (FerryCopyDialog *dialog);
const char      *region_name           (const char      *id);
AdwActionRow    *region_row            (FerryCopyDialog *dialog,
                                        const char      *id);
GtkCheckButton  *region_check          (FerryCopyDialog *dialog,
                                        const char      *id);
/* Asserts that @id is greyed out with exactly @reason. */
void             assert_region_refused (FerryCopyDialog *dialog,
                                        const char      *id,
                                        const char      *reason);
void             choose_region         (FerryCopyDialog *dialog,
                                        const char      *id,
                                        gboolean         active);
FerryCopyChoice *find_choice           (AdwComboRow     *row,
                                        const char      *label,
                                        guint           *position);
void             choose                (FerryCopyDialog *dialog,
                                        const char      *combo,
                                        const char      *label);
gboolean         can_copy              (FerryCopyDialog *dialog);
/* The bar's text as read, without the invisible word joiners that keep a
 * server code on one line. */
const char      *as_read               (GtkLabel        *label);
const char      *blocker               (FerryCopyDialog *dialog);
void             assert_blocked_by     (FerryCopyDialog *dialog,
                                        const char      *server_code);
const char      *tr                    (const char      *msgid);
/* The translation of @msgid with its one “%s” replaced by @value. */
char            *tr_printf             (const char      *msgid,
                                        const char      *value);
/* The translation of @msgid with each “%s” replaced, in order, by the
 * values that follow (NULL-terminated). */
char            *tr_format             (const char      *msgid,
                                        ...) G_GNUC_NULL_TERMINATED;
/* ngettext() of the app's domain with “%u” replaced by @n, asserting the
 * translation in Chinese. */
char            *tr_plural             (const char      *singular,
                                        const char      *plural,
                                        guint            n);
FerryClient     *session_client        (void);
void             store_result_cb       (GObject         *source,
                                        GAsyncResult    *result,
                                        gpointer         data);
void             wait_result           (GAsyncResult   **result);
/* POSTs @body to a control route of the app's sandbox. */
void             sandbox_post          (const char      *path,
                                        const char      *body);
/* The item of the choice labelled @label of @combo. */
gpointer         choice_item           (FerryCopyDialog *dialog,
                                        const char      *combo,
                                        const char      *label);
const char      *selected_label        (FerryCopyDialog *dialog,
                                        const char      *combo);

/* The tasks the dialogs submitted, counted by submitted_cb(). */
extern guint submitted_tasks;

void             submitted_cb          (FerryCopyDialog *dialog,
                                        guint            n_tasks,
                                        gpointer         data);
gboolean         task_done             (gpointer         data);
/* The tasks of the sandbox's queue, as its store has them. */
GPtrArray       *tasks                 (void);

G_END_DECLS
