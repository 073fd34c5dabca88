package kernel

import "context"

// serveHeartbeat echoes every message, so a front end knows the process is
// alive even while a cell keeps the shell busy.
func (k *Kernel) serveHeartbeat(ctx context.Context) {
	for {
		msg, err := k.heartbeat.Recv()
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			continue
		}
		if err := k.heartbeat.SendMulti(msg); err != nil {
			k.log.Printf("heartbeat: %v", err)
		}
	}
}
