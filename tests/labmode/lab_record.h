/* Lab mode's machine-readable records: what the explorer and the kernel print after their
   human tables, for scripts/labmode/records.py, the only reader. One line each, fields
   separated by tabs, the last field free text:

     @kmem  begin    PRODUCER                      (explorer or kernel)
     @kmem  verdict  CLASS  FOUND|ok|n/a  EVIDENCE  (CLASS from lab_classes.def)
     @kmem  ...      (each producer's own: search, story, rule, suite, result, where,
                      stopped; told CLASS ... told end marks a story's text, outside a block)
     @kmem  end      PRODUCER

   A reader takes each producer's last complete block: the file under test runs before
   the block is printed, never after, so a block it forges is overwritten. */
#ifndef KMEM_LAB_RECORD_H
#define KMEM_LAB_RECORD_H

#define LAB_RECORD "@kmem\t"

enum lab_class {
#define LAB_CLASS(id, by, title, meaning, fix) LAB_CLASS_##id,
#include "lab_classes.def"
#undef LAB_CLASS
    LAB_CLASSES
};

/* Each class's id (the record's CLASS), the programs that judge it, and its title. */
struct lab_class_info {
    const char *id, *by, *title;
};
static const struct lab_class_info lab_class_info[LAB_CLASSES] = {
#define LAB_CLASS(id, by, title, meaning, fix) [LAB_CLASS_##id] = {#id, by, title},
#include "lab_classes.def"
#undef LAB_CLASS
};

#endif
