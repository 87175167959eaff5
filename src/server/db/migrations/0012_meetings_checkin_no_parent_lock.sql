ALTER TABLE "meeting_attendance" DROP CONSTRAINT "meeting_attendance_meeting_id_meetings_id_fk";
--> statement-breakpoint
ALTER TABLE "meeting_client_ops" DROP CONSTRAINT "meeting_client_ops_meeting_id_meetings_id_fk";
