/* ferry-test-ui.h: helpers shared by the UI tests
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-application.h"
#include "ferry-images-page.h"
#include "ferry-window.h"

G_BEGIN_DECLS

/* Sets up gettext from the build tree, GTK and libadwaita. Call first. */
void        ferry_test_ui_init            (int          *argc,
                                           char       ***argv);

/* A new FerryApplication of APP_ID, registered (not unique: tests run
 * beside each other). */
FerryApplication *ferry_test_ui_new_app   (void);

/* Activates @app and waits until its active window is drawn; returns it. */
FerryWindow *ferry_test_ui_activate       (FerryApplication *app);

/* Runs the main context until @condition returns TRUE or @timeout_ms pass;
 * returns the last value of @condition. */
gboolean    ferry_test_ui_wait_for        (gboolean    (*condition) (gpointer data),
                                           gpointer      data,
                                           guint         timeout_ms);

/* A new main window of @app, drawn, on the welcome page; the settings a
 * window reads (its size, the region of last time) are those of a new
 * user, whatever the tests before it left. */
FerryWindow *ferry_test_ui_new_window     (FerryApplication *app);

/* ferry_test_ui_new_window() connected to the sandbox of @app, its images
 * page settled on the home region's list. */
FerryWindow *ferry_test_ui_open_sandbox   (FerryApplication *app);

/* Waits until @page has loaded, filtered what it loaded and is in @state
 * (FERRY_IMAGES_PAGE_LIST…), failing with the state it is in. */
void        ferry_test_ui_wait_images     (FerryImagesPage *page,
                                           const char      *state);

/* Waits until @widget is mapped and has drawn a frame. */
void        ferry_test_ui_wait_drawn      (GtkWidget    *widget);

/* The same, once no stack or revealer below @widget is in a transition. */
void        ferry_test_ui_wait_settled    (GtkWidget    *widget);

/* The first mapped, visible label below @root (internal children included)
 * whose text equals @text, or NULL. */
GtkWidget  *ferry_test_ui_find_label      (GtkWidget    *root,
                                           const char   *text);

/* The first widget below @root (internal children included, mapped or
 * not) of @type, or NULL. */
GtkWidget  *ferry_test_ui_find_by_type    (GtkWidget    *root,
                                           GType         type);

/* The first AdwPreferencesRow below @root whose title is @title, or NULL. */
GtkWidget  *ferry_test_ui_find_row        (GtkWidget    *root,
                                           const char   *title);

/* The first GtkActionable below @root bound to @action_name, or NULL. */
GtkWidget  *ferry_test_ui_find_actionable (GtkWidget    *root,
                                           const char   *action_name);

/* The first toplevel window of @type, or NULL. */
GtkWindow  *ferry_test_ui_find_window     (GType         type);

/* Some AdwMessageDialog is open: a condition for ferry_test_ui_wait_for()
 * (@data is not used). */
gboolean    ferry_test_ui_has_message_dialog (gpointer   data);

/* gettext() of @msgid (with @context when not NULL), asserting that it is
 * translated when the test runs in Chinese: a missing translation fails. */
const char *ferry_test_ui_tr              (const char   *context,
                                           const char   *msgid);

/* Resizes @window and waits until its surface has that size. */
void        ferry_test_ui_resize          (GtkWindow    *window,
                                           int           width,
                                           int           height);

/* Renders @widget in-process (once settled) and writes $FERRY_SCREENSHOT_DIR/@name.png
 * (the current directory when unset); returns the path written. */
char       *ferry_test_ui_screenshot      (GtkWidget    *widget,
                                           const char   *name);

/* ferry_test_ui_screenshot() as "@what-<language of the test>", asserting
 * that the file was written. */
void        ferry_test_ui_take_screenshot (GtkWidget    *widget,
                                           const char   *what);

/* Clicks the primary button at (@x, @y) of @widget with @modifiers held
 * (GDK_CONTROL_MASK, GDK_SHIFT_MASK), as real X events through XTest, and
 * waits until GTK has handled them. */
void        ferry_test_ui_click           (GtkWidget       *widget,
                                           double           x,
                                           double           y,
                                           GdkModifierType  modifiers);

/* Presses and releases @keyval with @modifiers held in @window, as real X
 * events through XTest (the window gets the input focus first), and
 * waits until GTK has handled them. */
void        ferry_test_ui_press_key       (GtkWindow       *window,
                                           guint            keyval,
                                           GdkModifierType  modifiers);

/* Weak references to @widget and every widget below it, to check that
 * they were freed once the test let them go. */
typedef struct _FerryTestUiWatch FerryTestUiWatch;

FerryTestUiWatch *ferry_test_ui_watch      (GtkWidget        *widget);

/* Runs the main context until the watched widget is finalized, failing
 * after 5 s with its type, the references it still has and the widgets
 * below it that survived with it (a reference cycle shows there); then
 * until every widget that was below it is finalized too (GTK's tooltip
 * window aside), failing with those that outlived it; frees @watch. */
void        ferry_test_ui_assert_finalized (FerryTestUiWatch *watch);

/* Destroys @window and asserts that it is finalized, as
 * ferry_test_ui_assert_finalized() does. */
void        ferry_test_ui_destroy_and_assert_finalized (GtkWindow *window);

G_END_DECLS
