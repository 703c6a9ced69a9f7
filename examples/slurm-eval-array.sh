#!/usr/bin/env bash
# Sharded evaluation as a Slurm job array: one array task per shard, each on its own CPUs; then one merge.
#   sbatch examples/slurm-eval-array.sh runs/hrm-arc /data/ARC-AGI/data/evaluation runs/hrm-arc/eval-sharded
# A retried or requeued array task skips the batches its shard already wrote.
#SBATCH --job-name=hrm-eval
#SBATCH --array=0-7
#SBATCH --cpus-per-task=4
#SBATCH --time=02:00:00
set -euo pipefail
run=$1 data=$2 out=$3
export OMP_NUM_THREADS=$SLURM_CPUS_PER_TASK
# --shard auto reads SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT.
hrm eval --checkpoint "$run" --data "$data" --views 8 --shard auto --out "$out/shard-$SLURM_ARRAY_TASK_ID"
# Then, once every array task has finished (e.g. sbatch --dependency=afterok:<array job id>):
#   hrm eval merge "$out"/shard-* --out "$out/merged"
