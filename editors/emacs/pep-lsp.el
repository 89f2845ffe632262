;;; pep-lsp.el --- Check PEP documents in Markdown buffers with pep-lsp, through Eglot  -*- lexical-binding: t; -*-

;; Usage, in your init file (pep-lsp on PATH: `pipx install pep-lsp`):
;;
;;   (load "/path/to/pep-lsp/editors/emacs/pep-lsp.el")
;;
;; Needs Eglot: built into Emacs 29+; on Emacs 28 the `eglot' package (Debian: emacs-nox
;; elpa-eglot).  Findings arrive through Flymake, quick fixes through `eglot-code-actions'
;; (C-c C-a is a common binding), completion through `completion-at-point'.
;; Non-PEP Markdown gets no findings, so the server is safe to run for every .md file.

;;; Code:

(require 'eglot)

(defvar pep-lsp-command '("pep-lsp")
  "The command that starts the pep-lsp server, as a list: program, then arguments.")

;; A .md file needs a major mode: markdown-mode when it is installed (Debian: elpa-markdown-mode),
;; else text-mode.  An activated package has already mapped .md itself.
(cond ((fboundp 'markdown-mode))
      ((locate-library "markdown-mode")
       (autoload 'markdown-mode "markdown-mode" nil t)
       (add-to-list 'auto-mode-alist '("\\.md\\'" . markdown-mode)))
      (t (add-to-list 'auto-mode-alist '("\\.md\\'" . text-mode))))

;; The command is read when the server starts, so setting `pep-lsp-command' later still counts.
(add-to-list 'eglot-server-programs
             `((markdown-mode gfm-mode (text-mode :language-id "markdown"))
               . ,(lambda (&optional _interactive) pep-lsp-command)))

(defun pep-lsp-ensure ()
  "Start pep-lsp (via `eglot-ensure') in a buffer visiting a Markdown file."
  (when (and buffer-file-name (string-match-p "\\.md\\'" buffer-file-name))
    (eglot-ensure)))

;; markdown-mode and gfm-mode derive from text-mode, so this one hook serves all three.
(add-hook 'text-mode-hook #'pep-lsp-ensure)

(provide 'pep-lsp)
;;; pep-lsp.el ends here
