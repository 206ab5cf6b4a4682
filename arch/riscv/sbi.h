/* Calls into the SBI firmware (OpenSBI): hart state management, timer, system reset. */
#ifndef KMEM_SBI_H
#define KMEM_SBI_H

/* SBI error codes we act on (SBI spec v1.0, "Standard SBI Errors"). */
#define SBI_SUCCESS               0
#define SBI_ERR_ALREADY_AVAILABLE (-6)

/* HSM hart states (SBI spec v1.0, "Hart State Management Extension"). */
#define SBI_HSM_STARTED 0
#define SBI_HSM_STOPPED 1

struct sbiret {
    long error;
    long value;
};

long sbi_hart_start(unsigned long hart_id, unsigned long start_addr, unsigned long opaque);
long sbi_hart_stop(void);
long sbi_hart_status(unsigned long hart_id);
long sbi_set_timer(unsigned long stime_value);
long sbi_send_ipi(unsigned long hart_id);
void sbi_system_reset_shutdown(void);

#endif
